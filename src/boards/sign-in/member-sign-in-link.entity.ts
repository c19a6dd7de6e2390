import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Member } from '../../members/member.entity';

/** An emailed one-time sign-in link: only the SHA-256 of its token is kept; used once, before it expires. */
@Entity('member_sign_in_links')
@Check('member_sign_in_links_token_hash_check', `token_hash ~ '^[0-9a-f]{64}$'`)
@Check('member_sign_in_links_expires_check', `expires_at > created_at`)
@Index('member_sign_in_links_member_id_created_at_idx', { synchronize: false })
export class MemberSignInLink {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('bigint')
  memberId!: string;

  @ManyToOne(() => Member)
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'member_sign_in_links_member_id_fkey' })
  member?: Member;

  @Column('text', { unique: true })
  tokenHash!: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz')
  expiresAt!: Date;

  @Column('timestamptz', { nullable: true })
  usedAt!: Date | null;
}
