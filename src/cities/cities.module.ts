import { Module } from '@nestjs/common';
import { CitiesController } from './cities.controller';
import { CitiesPagesController } from './cities.pages.controller';
import { CitiesRepository } from './cities.repository';
import { CitiesService } from './cities.service';

@Module({
  controllers: [CitiesController, CitiesPagesController],
  providers: [CitiesRepository, CitiesService],
  exports: [CitiesService],
})
export class CitiesModule {}
