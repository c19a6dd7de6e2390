import { Module } from '@nestjs/common';
import { CitiesController } from './cities.controller';
import { CitiesRepository } from './cities.repository';
import { CityRankingService } from './city-ranking.service';

/** Cities, their kept member counts and the ranking. */
@Module({
  controllers: [CitiesController],
  providers: [CitiesRepository, CityRankingService],
  exports: [CitiesRepository, CityRankingService],
})
export class CitiesModule {}
