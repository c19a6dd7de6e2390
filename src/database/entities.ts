import { City } from '../cities/city.entity';
import { CityStats } from '../cities/city-stats.entity';
import { Meetup } from '../meetups/meetup.entity';
import { Member } from '../members/member.entity';
import { ProductArea } from '../product-areas/product-area.entity';

/** Every entity, listed once for the app, the migration CLI and the tests. */
export const ENTITIES = [City, CityStats, Member, Meetup, ProductArea];
