import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Staff's defaults for the matching: one row, id 1, made by the migration. */
@Entity('matching_settings')
@Check('matching_settings_id_check', `id = 1`)
@Check(
  'matching_settings_limits_check',
  `max_meetups_per_month BETWEEN 0 AND 31 AND max_trips_per_month BETWEEN 0 AND 31
          AND min_engineers BETWEEN 0 AND 20 AND max_engineers BETWEEN 1 AND 20 AND min_engineers <= max_engineers
          AND travel_weight >= 0 AND travel_weight <= 1000`,
)
export class MatchingSettings {
  @PrimaryColumn('smallint', { default: 1, primaryKeyConstraintName: 'matching_settings_pkey' })
  id!: number;

  /** K: meetups an engineer goes to in a month, unless their profile says otherwise. */
  @Column('smallint', { default: 2 })
  maxMeetupsPerMonth!: number;

  /** T: trips away from home in a month, unless their profile says otherwise. */
  @Column('smallint', { default: 1 })
  maxTripsPerMonth!: number;

  @Column('smallint', { default: 2 })
  minEngineers!: number;

  @Column('smallint', { default: 4 })
  maxEngineers!: number;

  /** λ: what one trip away costs, in demand units (one question with no votes is 1). */
  @Column('real', { default: 1 })
  travelWeight!: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
