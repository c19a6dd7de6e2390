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

  /** The city's name and time zone, or null when there is no such city. */
  find(id: number) {
    return this.cities.exists(id);
  }

  count() {
    return this.cities.count();
  }

  /** Registered members who may be invited (not unsubscribed), counted exactly. */
  memberTotal() {
    return this.cities.memberTotal();
  }
}
