import { Module } from '@nestjs/common';
import { CitiesController } from './cities.controller';
import { CitiesPagesController } from './cities.pages.controller';
import { CitiesRepository } from './cities.repository';
import { CitiesService } from './cities.service';
import { CityGazetteerService } from './city-gazetteer.service';
import { CityNamesRepository } from './city-names.repository';
import { CityMergeRepository } from './city-merge.repository';
import { CityMergeService } from './city-merge.service';
import { CityRankingService } from './city-ranking.service';

/** Cities, their names and aliases, the gazetteer, their kept member counts and the ranking. */
@Module({
  controllers: [CitiesController, CitiesPagesController],
  providers: [
    CitiesRepository,
    CityNamesRepository,
    CityMergeRepository,
    CitiesService,
    CityMergeService,
    CityGazetteerService,
    CityRankingService,
  ],
  exports: [CitiesService, CityRankingService, CityGazetteerService, CityMergeService],
})
export class CitiesModule {}
