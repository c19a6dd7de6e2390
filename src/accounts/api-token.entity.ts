import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from './account.entity';

/** A bearer token for the JSON API, acting as its account. Only the SHA-256 of the token is kept. */
@Entity('api_tokens')
@Check('api_tokens_label_check', `btrim(label) <> '' AND length(label) <= 100`)
export class ApiToken {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column('integer')
  accountId!: number;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'api_tokens_account_id_fkey' })
  account?: Account;

  @Column('text')
  label!: string;

  @Column('text', { unique: true, select: false })
  tokenHash!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  lastUsedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  revokedAt!: Date | null;
}
