import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Exclusion,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { City } from '../cities/city.entity';
import type { MeetupStatus } from './meetup-status';

@Entity('meetups')
@Check('meetups_title_check', `btrim(title) <> '' AND length(title) <= 200`)
@Check('meetups_venue_check', `length(venue) <= 200`)
@Check('meetups_address_check', `length(address) <= 500`)
@Check('meetups_times_check', `ends_at > starts_at`)
@Check('meetups_rsvp_deadline_check', `rsvp_deadline < starts_at`)
@Check('meetups_capacity_check', `1 <= capacity_min AND capacity_min <= capacity_max AND capacity_max <= 500`)
@Check('meetups_status_check', `status IN ('draft', 'scheduled', 'inviting', 'closed', 'held', 'cancelled')`)
@Exclusion(
  'meetups_no_overlap',
  `USING gist (city_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status <> 'cancelled')`,
)
@Index('meetups_city_id_starts_at_idx', ['cityId', 'startsAt'])
export class Meetup {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column('integer')
  cityId!: number;

  @ManyToOne(() => City, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'city_id', foreignKeyConstraintName: 'meetups_city_id_fkey' })
  city?: City;

  @Column('text')
  title!: string;

  @Column('text', { default: '' })
  venue!: string;

  @Column('text', { default: '' })
  address!: string;

  @Column('timestamptz')
  startsAt!: Date;

  @Column('timestamptz')
  endsAt!: Date;

  @Column('timestamptz', { nullable: true })
  rsvpDeadline!: Date | null;

  @Column('integer', { default: 30 })
  capacityMin!: number;

  @Column('integer', { default: 50 })
  capacityMax!: number;

  @Column('text', { default: 'draft' })
  status!: MeetupStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
