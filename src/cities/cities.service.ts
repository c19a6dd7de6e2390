import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CitiesRepository } from './cities.repository';
import { CityNameIndex } from './city-name';
import { CityNamesRepository } from './city-names.repository';

@Injectable()
export class CitiesService {
  constructor(
    private readonly cities: CitiesRepository,
    private readonly names: CityNamesRepository,
  ) {}

  list() {
    return this.cities.listWithMembers();
  }

  options() {
    return this.cities.options();
  }

  count() {
    return this.cities.count();
  }

  /** See CityNamesRepository.createUnverified; runs in the caller's transaction. */
  createUnverified(db: Pick<EntityManager, 'query'>, names: { name: string; province: string | null }[]) {
    return this.names.createUnverified(db, names);
  }

  /** Every known spelling of every city, for matching names (an import builds one per run). */
  async nameIndex(): Promise<CityNameIndex> {
    const { cities, keys } = await this.names.everything();
    return new CityNameIndex(cities, keys);
  }
}
