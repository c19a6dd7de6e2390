import { Check, Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Engineer } from '../engineers/engineer.entity';
import type { Locale } from '../common/locale';
import type { Role } from '../common/role';

/** A person who signs in: community staff, engineers, door stewards. Fans never have one. */
@Entity('accounts')
@Check('accounts_email_check', `email ~ '^[^@[:space:]]+@[^@[:space:]]+$' AND length(email) <= 254`)
@Check('accounts_name_check', `btrim(name) <> '' AND length(name) <= 200`)
@Check('accounts_role_check', `role IN ('admin', 'staff', 'engineer', 'steward')`)
@Check('accounts_locale_check', `locale IN ('zh-CN', 'en')`)
@Check('accounts_engineer_role_check', `(role = 'engineer') = (engineer_id IS NOT NULL)`)
export class Account {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  /** Unique case-insensitively (index `accounts_email_key` on lower(email)). */
  @Column('text')
  email!: string;

  @Column('text')
  name!: string;

  @Column('text')
  role!: Role;

  @Column('text', { select: false })
  passwordHash!: string;

  @Column('text', { default: 'en' })
  locale!: Locale;

  @Column('integer', { nullable: true, unique: true })
  engineerId!: number | null;

  @OneToOne(() => Engineer, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'engineer_id', foreignKeyConstraintName: 'accounts_engineer_id_fkey' })
  engineer?: Engineer | null;

  @Column('timestamptz', { nullable: true })
  disabledAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
