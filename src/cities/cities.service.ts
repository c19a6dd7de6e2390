import { Injectable } from '@nestjs/common';
import { CitiesRepository } from './cities.repository';

@Injectable()
export class CitiesService {
  constructor(private readonly cities: CitiesRepository) {}

  list() {
    return this.cities.listWithMembers();
  }

  options() {
    return this.cities.options();
  }

  count() {
    return this.cities.count();
  }
}
