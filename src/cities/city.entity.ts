import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

// Checks mirror the migration by name, so a generated migration shows only real changes.
@Entity('cities')
@Check('cities_name_check', `btrim(name) <> '' AND length(name) <= 200`)
@Check('cities_province_check', `length(province) <= 200`)
@Check('cities_time_zone_check', `time_zone ~ '^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$'`)
@Check('cities_population_check', `population > 0`)
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

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
