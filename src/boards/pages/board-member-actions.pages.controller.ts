import { Body, Controller, HttpCode, Get, HttpException, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { flashAndRedirect } from '../../common/flash';
import { Public } from '../../common/access.decorators';
import { refusalsOf } from '../../common/form-check';
import { message, Params, StringKey } from '../../common/strings';
import { refusalOf } from './refusal';
import { Environment } from '../../config/environment';
import { ItemFormDto } from '../dto/board-input.dto';
import { areaName, BoardAreas } from '../items/board-areas';
import { BoardItemsService } from '../items/board-items.service';
import { MemberSessionInterceptor } from '../sign-in/member-session.interceptor';
import { BoardVotesService } from '../votes/board-votes.service';
import { boardPage, statusView } from './board-page-context';
import { formStamp, trapVerdict } from './form-trap';

/**
 * What signed-in members do on the boards' pages: suggest (similar items are offered first — while
 * typing with public/board-similar.js, and by the server before posting), vote and withdraw.
 * Without a member session these pages send the visitor to the sign-in page and back.
 */
@ApiExcludeController()
@Public()
@UseInterceptors(MemberSessionInterceptor)
@Controller()
export class BoardMemberActionsPagesController {
  constructor(
    private readonly env: Environment,
    private readonly items: BoardItemsService,
    private readonly areas: BoardAreas,
    private readonly votes: BoardVotesService,
  ) {}

  @Get('boards/:slug/new')
  async newItem(@Param('slug') slug: string, @Req() req: Request, @Res() res: Response) {
    const area = await this.areas.bySlug(slug);
    if (!req.member) return res.redirect(303, `/member/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
    this.renderForm(req, res, area, {});
  }

  @HttpCode(200)
  @Post('boards/:slug/new')
  async post(@Param('slug') slug: string, @Body() form: ItemFormDto, @Req() req: Request, @Res() res: Response) {
    const area = await this.areas.bySlug(slug);
    if (!req.member) return res.redirect(303, `/member/sign-in?next=${encodeURIComponent(`/boards/${slug}/new`)}`);
    const verdict = trapVerdict(this.env.APP_SECRET!, form, this.env.BOARD_MIN_FILL_SECONDS);
    if (verdict !== 'ok') {
      return this.renderForm(
        req,
        res,
        area,
        form,
        [message(verdict === 'trap' ? 'boardBotTrap' : 'boardTooFast')],
        400,
      );
    }
    const title = (form.title ?? '').trim();
    if (!title || title.length > 200)
      return this.renderForm(req, res, area, form, [message('boardTitleRequired')], 400);
    // Before posting, the server offers what looks the same; "Post my suggestion" confirms.
    if (form.confirmed !== 'yes') {
      const similar = await this.items.findSimilar(title, area.id);
      if (similar.length > 0) return this.renderForm(req, res, area, form, [], 200, similar);
    }
    try {
      const item = await this.items.createItem({
        title,
        description: form.description,
        areaId: area.id,
        author: { kind: 'member', memberId: req.member.id },
      });
      flashAndRedirect(
        req,
        res,
        `/board-items/${item.id}`,
        item.moderation === 'approved' ? 'boards.posted' : 'boards.postedPending',
      );
    } catch (error) {
      if (!(error instanceof HttpException) || error.getStatus() >= 500) throw error;
      this.renderForm(
        req,
        res,
        area,
        form,
        refusalsOf(error).map((r) => r.shown),
        error.getStatus(),
      );
    }
  }

  @Post('board-items/:id/vote')
  vote(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.voteAction(id, req, res, true);
  }

  @Post('board-items/:id/withdraw')
  withdraw(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.voteAction(id, req, res, false);
  }

  private async voteAction(id: string, req: Request, res: Response, vote: boolean) {
    if (!req.member) return res.redirect(303, `/member/sign-in?next=${encodeURIComponent(`/board-items/${id}`)}`);
    const voter = { memberId: req.member.id, attended: req.member.attended };
    let done: StringKey = vote ? 'boards.voted' : 'boards.withdrawn';
    let params: Params | undefined;
    try {
      await (vote ? this.votes.vote(id, voter) : this.votes.withdraw(id, voter));
    } catch (error) {
      if (!(error instanceof HttpException) || error.getStatus() >= 500 || error.getStatus() === 404) throw error;
      ({ key: done, params } = refusalOf(error));
    }
    flashAndRedirect(req, res, `/board-items/${id}`, done, params);
  }

  private renderForm(
    req: Request,
    res: Response,
    area: { id: number; slug: string; nameEn: string; nameZh: string },
    form: ItemFormDto,
    errors: unknown[] = [],
    status = 200,
    similar: unknown[] = [],
  ) {
    const frame = boardPage(req, res, '');
    const name = areaName(area, frame.locale);
    res.status(status).render('boards/new', {
      ...frame,
      title: message('boards.newTitle', { board: name }),
      area,
      name,
      form: { title: form.title ?? '', description: form.description ?? '' },
      errors,
      similar: (similar as { status: Parameters<typeof statusView>[0] }[]).map((s) => ({
        ...s,
        ...statusView(s.status),
      })),
      // A form shown again keeps its first stamp: the time a person spent on it counts.
      shownAt: form.shownAt && status === 200 ? form.shownAt : formStamp(this.env.APP_SECRET!),
    });
  }
}
