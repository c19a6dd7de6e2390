import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Locale } from '../common/locale';
import { Meetup } from './meetup.entity';

export const ANNOUNCEMENT_STATES = ['draft', 'queued', 'published', 'failed'] as const;
export type AnnouncementState = (typeof ANNOUNCEMENT_STATES)[number];
export type PublishedBy = 'webhook' | 'hand';

/**
 * A meetup's forum announcement: the text staff edit and how far its
 * publication got. Checks mirror migration 1764200000000 by name.
 */
@Entity('meetup_announcements')
@Check('meetup_announcements_locale_check', `locale IN ('zh-CN', 'en')`)
@Check('meetup_announcements_markdown_check', `btrim(markdown) <> '' AND length(markdown) <= 20000`)
@Check('meetup_announcements_state_check', `state IN ('draft', 'queued', 'published', 'failed')`)
@Check('meetup_announcements_round_check', `round >= 0`)
@Check('meetup_announcements_sent_locale_check', `sent_locale IN ('zh-CN', 'en')`)
@Check('meetup_announcements_idempotency_key_check', `length(idempotency_key) <= 200`)
@Check('meetup_announcements_attempts_check', `attempts >= 0`)
@Check('meetup_announcements_response_status_check', `response_status BETWEEN 100 AND 599`)
@Check('meetup_announcements_response_body_check', `length(response_body) <= 1000`)
@Check('meetup_announcements_last_error_check', `length(last_error) <= 1000`)
@Check('meetup_announcements_forum_url_check', `forum_url ~ '^https?://' AND length(forum_url) <= 2000`)
@Check('meetup_announcements_published_by_check', `published_by IN ('webhook', 'hand')`)
@Check(
  'meetup_announcements_sent_check',
  `state = 'draft' OR (sent_locale IS NOT NULL AND sent_markdown IS NOT NULL AND idempotency_key IS NOT NULL)`,
)
@Check(
  'meetup_announcements_published_check',
  `state <> 'published' OR (published_at IS NOT NULL AND published_by IS NOT NULL)`,
)
export class MeetupAnnouncement {
  @PrimaryColumn('integer')
  meetupId!: number;

  @OneToOne(() => Meetup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meetup_id', foreignKeyConstraintName: 'meetup_announcements_meetup_id_fkey' })
  meetup?: Meetup;

  @Column('text')
  locale!: Locale;

  @Column('text')
  markdown!: string;

  @Column('text', { default: 'draft' })
  state!: AnnouncementState;

  /** Bumped each time it is queued or marked published; a delivery job carries it. */
  @Column('integer', { default: 0 })
  round!: number;

  /** What was queued or published (staff may edit `markdown` meanwhile). */
  @Column('text', { nullable: true })
  sentLocale!: Locale | null;

  @Column('text', { nullable: true })
  sentMarkdown!: string | null;

  @Column('text', { nullable: true })
  idempotencyKey!: string | null;

  @Column('integer', { default: 0 })
  attempts!: number;

  @Column('timestamptz', { nullable: true })
  lastAttemptAt!: Date | null;

  @Column('integer', { nullable: true })
  responseStatus!: number | null;

  @Column('text', { nullable: true })
  responseBody!: string | null;

  @Column('text', { nullable: true })
  lastError!: string | null;

  @Column('text', { nullable: true })
  forumUrl!: string | null;

  @Column('timestamptz', { nullable: true })
  publishedAt!: Date | null;

  @Column('text', { nullable: true })
  publishedBy!: PublishedBy | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
