import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { City } from './city.entity';

/**
 * Member counts per city, kept current by statement-level triggers on members
 * (migration 1764000000000), so the ranking never scans the member table.
 */
@Entity('city_stats')
@Check('city_stats_members_check', `members >= 0`)
@Check('city_stats_never_invited_check', `never_invited >= 0 AND never_invited <= members`)
export class CityStats {
  @PrimaryColumn('integer')
  cityId!: number;

  @OneToOne(() => City, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'city_id', foreignKeyConstraintName: 'city_stats_city_id_fkey' })
  city?: City;

  /** Members not unsubscribed. */
  @Column('integer', { default: 0 })
  members!: number;

  /** Registered members with invited_count = 0. */
  @Column('integer', { default: 0 })
  neverInvited!: number;
}
