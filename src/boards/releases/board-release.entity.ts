import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from '../../accounts/account.entity';

/** A weekly build ("2027-01-14 weekly build 7.1.14"); publishing it ships the items it lists. */
@Entity('board_releases')
@Check('board_releases_title_check', `btrim(title) <> '' AND length(title) <= 200`)
@Index('board_releases_published_at_idx', { synchronize: false })
export class BoardRelease {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('text')
  title!: string;

  @Column('date')
  releasedOn!: string;

  @Column('integer', { nullable: true })
  accountId!: number | null;

  @ManyToOne(() => Account)
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'board_releases_account_id_fkey' })
  account?: Account;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  publishedAt!: Date | null;
}
