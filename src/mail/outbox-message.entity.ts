import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Member } from '../members/member.entity';
import type { Locale } from '../common/locale';

export const OUTBOX_STATES = ['queued', 'sending', 'sent', 'dead'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export interface MailAttachment {
  filename: string;
  contentType: string;
  /** base64; absent when `qrCode` is given. */
  content?: string;
  /** Text to draw as a QR code PNG when the message is sent (kept small in the outbox, drawn by the worker). */
  qrCode?: string;
  /** Content-ID for an inline image the HTML shows as `cid:<cid>` (the check-in QR code). */
  cid?: string;
}

/** A message the app decided to send; delivered by the mail worker, exactly once as far as SMTP allows. */
@Entity('outbox_messages')
@Check('outbox_messages_idempotency_key_check', `length(idempotency_key) BETWEEN 1 AND 300`)
@Check('outbox_messages_recipient_check', `recipient ~ '^[^@[:space:]]+@[^@[:space:]]+$'`)
@Check('outbox_messages_template_check', `template ~ '^[a-z0-9-]+$'`)
@Check('outbox_messages_locale_check', `locale IN ('zh-CN', 'en')`)
@Check('outbox_messages_state_check', `state IN ('queued', 'sending', 'sent', 'dead')`)
@Check('outbox_messages_attempts_check', `attempts >= 0`)
@Check('outbox_messages_sent_check', `(state = 'sent') = (sent_at IS NOT NULL)`)
@Index('outbox_messages_state_created_at_idx', ['state', 'createdAt'])
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text', { unique: true })
  idempotencyKey!: string;

  @Column('text', { unique: true })
  messageId!: string;

  @Column('text')
  recipient!: string;

  @Column('bigint', { nullable: true })
  memberId!: string | null;

  @ManyToOne(() => Member, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'outbox_messages_member_id_fkey' })
  member?: Member | null;

  @Column('text')
  template!: string;

  @Column('text')
  locale!: Locale;

  @Column('jsonb', { default: {} })
  data!: Record<string, unknown>;

  @Column('jsonb', { default: [] })
  attachments!: MailAttachment[];

  @Column('text', { default: 'queued' })
  state!: OutboxState;

  @Column('integer', { default: 0 })
  attempts!: number;

  @Column('text', { nullable: true })
  lastError!: string | null;

  @Column('timestamptz', { nullable: true })
  leaseUntil!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  sentAt!: Date | null;
}
