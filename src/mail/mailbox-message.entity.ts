import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A message the embedded SMTP sink received; shown on the Mailbox page. */
@Entity('mailbox_messages')
@Index('mailbox_messages_message_id_key', ['messageId'], { unique: true })
export class MailboxMessage {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('text', { nullable: true })
  messageId!: string | null;

  @Column('text', { nullable: true })
  envelopeFrom!: string | null;

  @Column('text', { array: true, default: () => "'{}'" })
  envelopeTo!: string[];

  @Column('text', { default: '' })
  subject!: string;

  @Column('text', { nullable: true })
  html!: string | null;

  @Column('text', { nullable: true })
  text!: string | null;

  @Column('jsonb', { default: {} })
  headers!: Record<string, string>;

  @Column('jsonb', { default: [] })
  attachments!: { filename: string; contentType: string; size: number; content: string }[];

  @Column('timestamptz', { default: () => 'now()' })
  receivedAt!: Date;

  /** How many times this Message-ID arrived (more than 1: resent after a crash left its outcome unknown). */
  @Column('integer', { default: 1 })
  copies!: number;
}
