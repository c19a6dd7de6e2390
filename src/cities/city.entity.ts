import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

// Checks mirror the migration by name, so a generated migration shows only real changes.
@Entity('cities')
@Check('cities_name_check', `btrim(name) <> '' AND length(name) <= 200`)
@Check('cities_province_check', `length(province) <= 200`)
@Check('cities_time_zone_check', `time_zone ~ '^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$'`)
@Check('cities_population_check', `population > 0`)
@Check('cities_code_check', `code ~ '^[0-9]{6}$'`)
@Check('cities_name_zh_check', `btrim(name_zh) <> '' AND length(name_zh) <= 200`)
@Check('cities_province_zh_check', `length(province_zh) <= 200`)
@Check('cities_latitude_check', `latitude BETWEEN -90 AND 90`)
@Check('cities_longitude_check', `longitude BETWEEN -180 AND 180`)
export class City {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  /** Unique case-insensitively (index `cities_name_key` on lower(name)). */
  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  province!: string | null;

  @Column('text', { default: DEFAULT_TIME_ZONE })
  timeZone!: string;

  @Column('integer', { nullable: true })
  population!: number | null;

  /** GeoNames id, when the city came from the GeoNames data set. */
  @Column('integer', { nullable: true, unique: true })
  geonamesId!: number | null;

  /** GB/T 2260 code of a gazetteer city (610100 Xi'an); null for a city created by an import. */
  @Column('text', { nullable: true, unique: true })
  code!: string | null;

  /** The Chinese name in daily use (西安), shown to zh-CN readers. */
  @Column('text', { nullable: true })
  nameZh!: string | null;

  @Column('text', { nullable: true })
  provinceZh!: string | null;

  @Column('double precision', { nullable: true })
  latitude!: number | null;

  @Column('double precision', { nullable: true })
  longitude!: number | null;

  /** Created by an import run with "create unverified cities": staff check it and merge it into a real one. */
  @Column('boolean', { default: false })
  unverified!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
