import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CityGazetteerService } from '../cities/city-gazetteer.service';
import { citySpelling, cityWeights, DEMO_PRODUCT_AREAS, DemoCity, pickWeighted } from './demo-data';
import { IncomingRow, MemberImportService } from './member-import.service';

@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    private readonly dataSource: DataSource,
    private readonly imports: MemberImportService,
    private readonly gazetteer: CityGazetteerService,
  ) {}

  async isEmpty(): Promise<boolean> {
    const [row]: { any: boolean }[] = await this.dataSource.query('SELECT EXISTS (SELECT 1 FROM members) AS any');
    return !row.any;
  }

  /**
   * `memberCount` fans in the gazetteer's cities (loaded by the caller first, as main.ts does on every start)
   * spread over them, big cities first, each naming their city in one of the
   * spellings a forum export mixes; the import matches them all, so the seed
   * ends with one city per real city. Deterministic: the same data each time.
   */
  async seed(memberCount: number): Promise<void> {
    const started = Date.now();
    const cities = this.gazetteer.cities();
    await this.dataSource.query(
      `INSERT INTO product_areas (slug, name_en, name_zh)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
      [
        DEMO_PRODUCT_AREAS.map((a) => a.slug),
        DEMO_PRODUCT_AREAS.map((a) => a.nameEn),
        DEMO_PRODUCT_AREAS.map((a) => a.nameZh),
      ],
    );
    const report = await this.imports.importRows(demoMembers(cities, memberCount));
    this.logger.log(
      `Seeded ${cities.length} cities and ${report.inserted} members in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
}

async function* demoMembers(cities: DemoCity[], count: number): AsyncGenerator<IncomingRow> {
  const { fakerZH_CN, fakerEN } = await import('@faker-js/faker');
  fakerZH_CN.seed(20_120_816);
  fakerEN.seed(20_120_816);
  const weights = cityWeights(cities);
  const first = new Date('2012-01-01').getTime();
  const last = new Date('2026-10-31').getTime();
  for (let i = 1; i <= count; i++) {
    const english = fakerEN.number.float() < 0.15;
    const faker = english ? fakerEN : fakerZH_CN;
    const city = cities[pickWeighted(weights, fakerEN.number.float())];
    const registered = new Date(first + fakerEN.number.float() * (last - first));
    const activity = Math.floor(Math.exp(fakerEN.number.float() * 7)) - 1;
    yield {
      at: i,
      raw: {
        external_id: `forum-${100000 + i}`,
        email: `${fakerEN.internet
          .username()
          .toLowerCase()
          .replace(/[^a-z0-9._-]/g, '')}.${i}@example.com`,
        name: english ? faker.person.fullName() : `${faker.person.lastName()}${faker.person.firstName()}`,
        city: citySpelling(city, fakerEN.number.float()),
        province: city.provinceEn,
        locale: english ? 'en' : 'zh-CN',
        registered_on: registered.toISOString().slice(0, 10),
        forum_posts: activity,
        honorary: fakerEN.number.float() < 0.02,
      },
    };
  }
}
