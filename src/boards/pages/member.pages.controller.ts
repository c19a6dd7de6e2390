import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { flashAndRedirect } from '../../common/flash';
import { Public } from '../../common/access.decorators';
import { CsrfExempt } from '../../common/csrf';
import { refusalsOf } from '../../common/form-check';
import { message } from '../../common/strings';
import { Environment } from '../../config/environment';
import { SignInRequestDto } from '../dto/board-input.dto';
import { areaName, BoardAreas } from '../items/board-areas';
import { BoardItemsService } from '../items/board-items.service';
import { BoardPageSections } from './board-page-sections';
import { BoardDigestsService } from '../notices/board-digests.service';
import { memberIdFromBoardUnsubscribeToken } from '../notices/board-unsubscribe-link';
import { MemberSessionInterceptor } from '../sign-in/member-session.interceptor';
import { MemberSignInService } from '../sign-in/member-sign-in.service';
import { endMemberSession, startMemberSession } from '../sign-in/start-member-session';
import { BoardVotesService } from '../votes/board-votes.service';
import { boardPage, statusView } from './board-page-context';

/** Only same-site paths after sign-in: an open redirect is a phishing tool. */
const safeNext = (next: unknown) =>
  typeof next === 'string' && /^\/(?!\/)/.test(next) && !next.includes('\\') ? next : '/boards';

/**
 * Fans' sign-in by emailed link and their own page. The link's GET only shows a button (scanners open
 * links); its POST signs in, once. Board-mail unsubscribe lives here too: GET asks, POST (also RFC 8058
 * one-click from the mail client, hence no CSRF token) unsubscribes from board mail only.
 */
@ApiExcludeController()
@Public()
@UseInterceptors(MemberSessionInterceptor)
@Controller()
export class MemberPagesController {
  constructor(
    private readonly env: Environment,
    private readonly signIn: MemberSignInService,
    private readonly items: BoardItemsService,
    private readonly votes: BoardVotesService,
    private readonly areas: BoardAreas,
    private readonly digests: BoardDigestsService,
    private readonly sections: BoardPageSections,
  ) {}

  @Get('member/sign-in')
  form(@Query('next') next: string | undefined, @Req() req: Request, @Res() res: Response) {
    res.render('boards/sign-in', { ...boardPage(req, res, message('boards.signInTitle')), next: safeNext(next) });
  }

  @HttpCode(200)
  @Post('member/sign-in')
  async request(@Body() body: SignInRequestDto, @Req() req: Request, @Res() res: Response) {
    const page = boardPage(req, res, message('boards.signInTitle'));
    try {
      await this.signIn.requestLink(body.email);
      res.render('boards/sign-in', { ...page, sent: true, minutes: this.env.MEMBER_SIGN_IN_MINUTES });
    } catch (error) {
      if (!(error instanceof HttpException) || error.getStatus() >= 500) throw error;
      res
        .status(error.getStatus())
        .render('boards/sign-in', { ...page, email: body.email, errors: refusalsOf(error).map((r) => r.shown) });
    }
  }

  @Get('member/sign-in/:token')
  async confirm(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    try {
      const member = await this.signIn.peek(token);
      res.render('boards/sign-in-link', {
        ...boardPage(req, res, message('boards.signInTitle')),
        locale: member.locale,
        name: member.name,
        token,
        next: safeNext(req.query.next),
      });
    } catch (error) {
      if (!(error instanceof HttpException) || error.getStatus() !== 410) throw error;
      res.status(410).render('boards/sign-in-link', {
        ...boardPage(req, res, message('boards.signInInvalidTitle')),
        invalid: refusalsOf(error)[0].shown,
      });
    }
  }

  @HttpCode(200)
  @Post('member/sign-in/:token')
  async use(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    try {
      const member = await this.signIn.consume(token);
      await startMemberSession(req, member.id);
      flashAndRedirect(req, res, safeNext((req.body as { next?: string } | undefined)?.next), 'boards.signedIn');
    } catch (error) {
      if (!(error instanceof HttpException) || error.getStatus() !== 410) throw error;
      res.status(410).render('boards/sign-in-link', {
        ...boardPage(req, res, message('boards.signInInvalidTitle')),
        invalid: refusalsOf(error)[0].shown,
      });
    }
  }

  @Post('member/sign-out')
  async signOut(@Req() req: Request, @Res() res: Response) {
    await endMemberSession(req);
    flashAndRedirect(req, res, '/boards', 'boards.signedOut');
  }

  @Get('member/items')
  async mine(@Req() req: Request, @Res() res: Response) {
    if (!req.member) return res.redirect(303, '/member/sign-in?next=/member/items');
    const page = boardPage(req, res, message('boards.mine'));
    const [items, votes, areas, sections] = await Promise.all([
      this.items.byAuthor(req.member.id),
      this.votes.byMember(req.member.id),
      this.areas.all(),
      this.sections.mineModel(req.member.id, page.locale),
    ]);
    const board = (id: number) => {
      const area = areas.find((a) => a.id === id);
      return area ? areaName(area, page.locale) : '';
    };
    res.render('boards/mine', {
      ...page,
      ...sections,
      items: items.map((i) => ({ ...i, ...statusView(i.status), board: board(i.areaId) })),
      votes: votes.map((v) => ({ ...v, ...statusView(v.status), board: board(v.areaId) })),
    });
  }

  @Get('board-mail/unsubscribe/:token')
  async unsubscribeAsk(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    const memberId = this.memberOf(token);
    const member = await this.signIn.member(memberId);
    res.render('boards/unsubscribe', {
      ...boardPage(req, res, message('boards.unsubscribeTitle')),
      locale: member.locale,
      token,
      done: await this.digests.isUnsubscribed(memberId),
    });
  }

  @CsrfExempt()
  @Post('board-mail/unsubscribe/:token')
  @HttpCode(200)
  async unsubscribe(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    const memberId = this.memberOf(token);
    await this.digests.unsubscribe(memberId);
    const member = await this.signIn.member(memberId);
    res.render('boards/unsubscribe', {
      ...boardPage(req, res, message('boards.unsubscribeTitle')),
      locale: member.locale,
      done: true,
    });
  }

  private memberOf(token: string): string {
    const id = memberIdFromBoardUnsubscribeToken(this.env.APP_SECRET!, token);
    if (!id) throw new NotFoundException('This link is not valid. Copy the whole link from the email.');
    return id;
  }
}
