import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { City } from '../cities/city.entity';
import type { Locale } from '../common/locale';

/** A registered fan, as imported from the forum's account system. */
@Entity('members')
@Check('members_external_id_check', `btrim(external_id) <> '' AND length(external_id) <= 100`)
@Check('members_email_check', `email ~ '^[^@[:space:]]+@[^@[:space:]]+$' AND length(email) <= 254`)
@Check('members_name_check', `btrim(name) <> '' AND length(name) <= 200`)
@Check('members_locale_check', `locale IN ('zh-CN', 'en')`)
@Check('members_forum_posts_check', `forum_posts >= 0`)
@Check('members_invited_count_check', `invited_count >= 0`)
@Check('members_attended_count_check', `attended_count >= 0`)
@Check('members_no_show_count_check', `no_show_count >= 0`)
@Index('members_city_id_idx', ['cityId', 'id'])
// On (city_id, <invitee score base> DESC, id) INCLUDE (…): an expression index TypeORM cannot describe;
// it lives in migration 1764300000000 and the schema builder leaves it alone.
@Index('members_invitee_rank_idx', { synchronize: false })
export class Member {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('text', { unique: true })
  externalId!: string;

  /** Unique case-insensitively (index `members_email_key` on lower(email)). */
  @Column('text')
  email!: string;

  @Column('text')
  name!: string;

  @Column('integer')
  cityId!: number;

  @ManyToOne(() => City, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'city_id', foreignKeyConstraintName: 'members_city_id_fkey' })
  city?: City;

  @Column('text')
  locale!: Locale;

  @Column('date')
  registeredOn!: string;

  @Column('integer', { default: 0 })
  forumPosts!: number;

  @Column('boolean', { default: false })
  honorary!: boolean;

  @Column('timestamptz', { nullable: true })
  unsubscribedAt!: Date | null;

  @Column('integer', { default: 0 })
  invitedCount!: number;

  @Column('integer', { default: 0 })
  attendedCount!: number;

  @Column('integer', { default: 0 })
  noShowCount!: number;

  @Column('timestamptz', { nullable: true })
  lastInvitedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
