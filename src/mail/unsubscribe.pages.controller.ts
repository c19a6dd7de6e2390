import { Controller, Get, HttpCode, NotFoundException, Param, Post, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../common/access.decorators';
import { CsrfExempt } from '../common/csrf';
import { Environment } from '../config/environment';
import { MembersService } from '../members/members.service';
import { message } from '../common/strings';
import { memberIdFromUnsubscribeToken } from './unsubscribe-link';

/**
 * Fans' unsubscribe link. The GET only asks (mail scanners open links); the
 * POST unsubscribes — from the page's button, or straight from a mail client
 * (RFC 8058 one-click), which is why it takes no CSRF token: the signed link
 * is the proof, and the action is harmless to repeat.
 */
@ApiExcludeController()
@Public()
@Controller('unsubscribe')
export class UnsubscribePagesController {
  constructor(
    private readonly env: Environment,
    private readonly members: MembersService,
  ) {}

  @Get(':token')
  @Render('mailbox/unsubscribe')
  async confirm(@Param('token') token: string) {
    const member = await this.members.get(this.memberId(token));
    // The page speaks the member's language: `locale` drives {{t}} and <html lang> for fans, who have no account.
    return {
      title: message('unsubscribe.title'),
      bare: true,
      token,
      done: !!member.unsubscribedAt,
      locale: member.locale,
    };
  }

  @CsrfExempt()
  @Post(':token')
  @HttpCode(200)
  @Render('mailbox/unsubscribe')
  async unsubscribe(@Param('token') token: string, @Req() req: Request) {
    const id = this.memberId(token);
    await this.members.unsubscribe(id);
    const member = await this.members.get(id);
    return {
      title: message('unsubscribe.doneTitle'),
      bare: true,
      done: true,
      locale: member.locale,
      oneClick: req.is('urlencoded') !== false,
    };
  }

  private memberId(token: string): string {
    const id = memberIdFromUnsubscribeToken(this.env.APP_SECRET!, token);
    if (!id)
      throw new NotFoundException(
        'This link is not valid. Copy the whole link from the email, or ask the community team.',
      );
    return id;
  }
}
