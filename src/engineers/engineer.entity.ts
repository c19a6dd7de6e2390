import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { City } from '../cities/city.entity';

/**
 * A company engineer who meets fans. `engineerCode` is the public ID shown on
 * board items ("E1024"). Product areas, each with a depth (expert / knows), live in
 * engineer_product_areas.
 */
@Entity('engineers')
@Check('engineers_engineer_code_check', `engineer_code ~ '^E[0-9]{3,6}$'`)
@Check('engineers_name_check', `btrim(name) <> '' AND length(name) <= 200`)
@Check('engineers_availability_check', `length(availability) <= 500`)
@Check('engineers_languages_check', `cardinality(languages) <= 10`)
@Check('engineers_unavailable_dates_check', `cardinality(unavailable_dates) <= 400`)
@Check('engineers_max_meetups_per_month_check', `max_meetups_per_month BETWEEN 0 AND 31`)
@Check('engineers_max_trips_per_month_check', `max_trips_per_month BETWEEN 0 AND 31`)
export class Engineer {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column('text', { unique: true })
  engineerCode!: string;

  @Column('text')
  name!: string;

  @Column('integer', { nullable: true })
  homeCityId!: number | null;

  @ManyToOne(() => City, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'home_city_id', foreignKeyConstraintName: 'engineers_home_city_id_fkey' })
  homeCity?: City | null;

  @Column('text', { default: '' })
  availability!: string;

  @Column('boolean', { default: true })
  active!: boolean;

  /** Languages they can answer in: zh-CN, en, … */
  @Column('text', { array: true, default: () => "'{}'" })
  languages!: string[];

  /** City-local dates (YYYY-MM-DD) they cannot go to a meetup; the engineer edits these. */
  @Column('date', { array: true, default: () => "'{}'" })
  unavailableDates!: string[];

  /** Null: staff's default in matching_settings. */
  @Column('smallint', { nullable: true })
  maxMeetupsPerMonth!: number | null;

  @Column('smallint', { nullable: true })
  maxTripsPerMonth!: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
