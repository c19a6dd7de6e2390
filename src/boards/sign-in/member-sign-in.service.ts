import { GoneException, HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { errorText } from '../../common/strings';
import { Environment, publicUrl } from '../../config/environment';
import { DELIVERY_QUEUE, MailOutboxService } from '../../mail/mail-outbox.service';
import { JobsService } from '../../jobs/jobs.service';
import type { Locale } from '../../common/locale';
import { MembersService } from '../../members/members.service';
import { MemberSignInRepository } from './member-sign-in.repository';
import { isSignInToken, newSignInToken, signInTokenHash } from './sign-in-token';

const LINKS_PER_QUARTER_HOUR = 5;

/** A signed-in fan as the boards see them. */
export interface SignedInMember {
  id: string;
  name: string;
  locale: Locale;
  /** Checked in at a meetup at least once: their votes count as an attendee's. */
  attended: boolean;
}

/**
 * Members sign in without a password: an emailed one-time link (256-bit token, only its hash stored,
 * MEMBER_SIGN_IN_MINUTES to live, used once). Its GET only asks; the POST signs in — mail scanners
 * open links. Asking never reveals whether an address belongs to a member.
 */
@Injectable()
export class MemberSignInService {
  private readonly logger = new Logger('MemberSignIn');

  constructor(
    private readonly env: Environment,
    private readonly dataSource: DataSource,
    private readonly links: MemberSignInRepository,
    private readonly members: MembersService,
    private readonly mail: MailOutboxService,
    private readonly jobs: JobsService,
  ) {}

  /** Emails a link when the address is a member's; otherwise does nothing, and says the same. */
  async requestLink(email: string): Promise<void> {
    const member = /^[^@\s]+@[^@\s]+$/.test(email.trim()) ? await this.members.findByEmail(email) : null;
    if (!member) {
      this.logger.log('Sign-in link asked for an address that is no member’s');
      return;
    }
    const { token, hash } = newSignInToken();
    const minutes = this.env.MEMBER_SIGN_IN_MINUTES;
    await this.dataSource.transaction(async (manager) => {
      if ((await this.links.recent(manager, member.id, 15)) >= LINKS_PER_QUARTER_HOUR)
        throw new HttpException(errorText('signInTooMany'), HttpStatus.TOO_MANY_REQUESTS);
      await this.links.insert(manager, member.id, hash, minutes);
      // No memberId: a sign-in the member asked for is not held back by their invitations' unsubscribe.
      await this.mail.enqueue(manager, {
        idempotencyKey: `member-sign-in-${hash}`,
        to: member.email,
        template: 'board-sign-in',
        locale: member.locale === 'zh-CN' ? 'zh-CN' : 'en',
        data: { name: member.name, minutes },
        secrets: { signInUrl: `${publicUrl(this.env)}/member/sign-in/${token}` },
      });
    });
    this.jobs.notify(DELIVERY_QUEUE);
  }

  /** Who the link would sign in, without using it. */
  async peek(token: string): Promise<SignedInMember> {
    const memberId = isSignInToken(token) ? await this.links.peek(signInTokenHash(token)) : null;
    if (!memberId) throw this.invalid();
    return this.member(memberId);
  }

  /** Uses the link once; the caller starts the member session. */
  async consume(token: string): Promise<SignedInMember> {
    const memberId = isSignInToken(token) ? await this.links.consume(signInTokenHash(token)) : null;
    if (!memberId) throw this.invalid();
    return this.member(memberId);
  }

  async member(memberId: string): Promise<SignedInMember> {
    const m = await this.members.get(memberId);
    return { id: m.id, name: m.name, locale: m.locale === 'zh-CN' ? 'zh-CN' : 'en', attended: m.attendedCount > 0 };
  }

  private invalid() {
    return new GoneException(errorText('signInLinkInvalid', { minutes: String(this.env.MEMBER_SIGN_IN_MINUTES) }));
  }
}
