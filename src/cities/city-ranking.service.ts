import { Injectable } from '@nestjs/common';
import { Environment } from '../config/environment';
import { CitiesRepository } from './cities.repository';
import { rankCities, RankedCity, RankingOrder } from './city-ranking';

@Injectable()
export class CityRankingService {
  constructor(
    private readonly cities: CitiesRepository,
    private readonly env: Environment,
  ) {}

  async ranking(order: RankingOrder = 'members', now = new Date()): Promise<RankedCity[]> {
    return rankCities(await this.cities.facts(), order, now, this.env.COOL_DOWN_WEEKS);
  }

  /** The same ranking over a full GROUP BY of members: only for the benchmark's baseline. */
  async rankingRecounted(order: RankingOrder = 'members', now = new Date()): Promise<RankedCity[]> {
    return rankCities(await this.cities.factsRecounted(), order, now, this.env.COOL_DOWN_WEEKS);
  }
}
