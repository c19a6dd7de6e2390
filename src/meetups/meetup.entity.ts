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
@Check('meetups_seats_taken_check', `seats_taken >= 0 AND seats_taken <= capacity_max`)
@Check('meetups_waitlist_seq_check', `waitlist_seq >= 0`)
@Check('meetups_calendar_sequence_check', `calendar_sequence >= 0`)
@Check('meetups_first_wave_size_check', `first_wave_size BETWEEN 1 AND 1000`)
@Check('meetups_status_check', `status IN ('draft', 'scheduled', 'inviting', 'closed', 'held', 'cancelled')`)
@Exclusion(
  'meetups_no_overlap',
  `USING gist (city_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status <> 'cancelled')`,
)
@Index('meetups_city_id_starts_at_idx', ['cityId', 'startsAt'])
/** The invitations tick's meetups (migration CheckIn1764500000000). */
@Index('meetups_awaiting_attendance_idx', ['startsAt'], {
  where: `attendance_recorded_at IS NULL AND status IN ('inviting', 'closed', 'held')`,
})
// The feedback step: meetups that ended in the last days (migration Feedback).
@Index('meetups_ends_at_idx', ['endsAt'], { where: `status IN ('inviting', 'closed', 'held')` })
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

  /** Accepted invitations plus open waitlist offers; changed only under the meetup's row lock. */
  @Column('integer', { default: 0 })
  seatsTaken!: number;

  /** Last waitlist place handed out: every waitlisted member gets the next one. */
  @Column('integer', { default: 0 })
  waitlistSeq!: number;

  /** The .ics SEQUENCE: grows with every change of time or venue sent to attendees. */
  @Column('integer', { default: 0 })
  calendarSequence!: number;

  /** Invitations in the first wave; null: as many as the capacity maximum. */
  @Column('integer', { nullable: true })
  firstWaveSize!: number | null;

  /** Send the next wave by itself when declines and expiries leave seats free. */
  @Column('boolean', { default: false })
  autoWaves!: boolean;

  @Column('timestamptz', { nullable: true })
  lowTurnoutAlertedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  remindedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  attendanceRecordedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
