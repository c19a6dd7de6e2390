import { Module } from '@nestjs/common';
import { CitiesController } from './cities.controller';
import { CitiesPagesController } from './cities.pages.controller';
import { CitiesRepository } from './cities.repository';
import { CitiesService } from './cities.service';
import { CityRankingService } from './city-ranking.service';

/** Cities, their kept member counts and the ranking. */
@Module({
  controllers: [CitiesController, CitiesPagesController],
  providers: [CitiesRepository, CitiesService, CityRankingService],
  exports: [CitiesService, CityRankingService],
})
export class CitiesModule {}
