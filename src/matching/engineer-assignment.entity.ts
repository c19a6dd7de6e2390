import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { Engineer } from '../engineers/engineer.entity';
import { Meetup } from '../meetups/meetup.entity';

export const ASSIGNMENT_STATES = ['proposed', 'confirmed', 'excluded'] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];

/**
 * One engineer and one meetup: proposed by the matching (or by staff), confirmed by staff, or
 * excluded (the matching never proposes the pair again). A pinned proposal survives re-matching.
 * `reasons` is the proposal's explanation (areas covered with their demand, travel, load).
 */
@Entity('engineer_assignments')
@Unique('engineer_assignments_meetup_id_engineer_id_key', ['meetupId', 'engineerId'])
@Index('engineer_assignments_engineer_id_state_idx', ['engineerId', 'state'])
@Check('engineer_assignments_state_check', `state IN ('proposed', 'confirmed', 'excluded')`)
@Check('engineer_assignments_confirmed_check', `(state = 'confirmed') = (confirmed_at IS NOT NULL)`)
@Check('engineer_assignments_pinned_check', `NOT (pinned AND state = 'excluded')`)
export class EngineerAssignment {
  @PrimaryGeneratedColumn('identity', {
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'engineer_assignments_pkey',
  })
  id!: number;

  @Column('integer')
  meetupId!: number;

  @ManyToOne(() => Meetup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meetup_id', foreignKeyConstraintName: 'engineer_assignments_meetup_id_fkey' })
  meetup?: Meetup;

  @Column('integer')
  engineerId!: number;

  @ManyToOne(() => Engineer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'engineer_id', foreignKeyConstraintName: 'engineer_assignments_engineer_id_fkey' })
  engineer?: Engineer;

  @Column('text')
  state!: AssignmentState;

  @Column('boolean', { default: false })
  pinned!: boolean;

  @Column('jsonb', { default: () => "'{}'" })
  reasons!: Record<string, unknown>;

  @Column('timestamptz', { nullable: true })
  confirmedAt!: Date | null;

  /** When the brief went out, 3 days before the meetup: once. */
  @Column('timestamptz', { nullable: true })
  briefSentAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
