import { Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CitiesRepository } from './cities.repository';
import { CityNameIndex, unknownCityText } from './city-name';
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

  /** One city with its members and every alias; 404 when there is none. */
  async detail(id: number) {
    const [city] = await this.cities.listWithMembers(id);
    if (!city) throw new NotFoundException(`City ${id} does not exist.`);
    return { ...city, aliases: await this.names.of(id) };
  }

  /** The city a name means (code, any spelling, an unambiguous county), or 404 with the nearest ones. */
  async lookup(name: string) {
    const index = await this.nameIndex();
    const match = index.match(name);
    if (match.cityId === null) {
      throw new NotFoundException(unknownCityText(name, match.nearest));
    }
    return this.detail(match.cityId);
  }

  options() {
    return this.cities.options();
  }

  /** The city's names and time zone, or null when there is no such city. */
  find(id: number) {
    return this.cities.exists(id);
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

  /** Registered members who may be invited (not unsubscribed), counted exactly. */
  memberTotal() {
    return this.cities.memberTotal();
  }
}
