import { Controller, Get, Param, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../common/access.decorators';
import { message, translate } from '../../common/strings';
import { BoardListQueryDto } from '../dto/board-input.dto';
import { BoardPageSections } from './board-page-sections';
import { BoardAccess } from '../items/board-access';
import { areaName, BoardAreas } from '../items/board-areas';
import { BoardItemsService } from '../items/board-items.service';
import { ROADMAP_STATUSES, SETTABLE_STATUSES } from '../items/board-status';
import { BoardReleasesService } from '../releases/board-releases.service';
import { MemberSessionInterceptor } from '../sign-in/member-session.interceptor';
import { BoardVotesService } from '../votes/board-votes.service';
import { boardPage, statusView } from './board-page-context';
import { badgeEtag, statusBadge } from './status-badge';

const ROADMAP_LIMIT = 20;
const FILTER_STATUSES = ['received', 'under_review', 'planned', 'in_progress', 'shipped', 'declined'];

/** The public board pages: no sign-in to read, both languages, no script needed. */
@ApiExcludeController()
@Public()
@UseInterceptors(MemberSessionInterceptor)
@Controller()
export class BoardsPagesController {
  constructor(
    private readonly items: BoardItemsService,
    private readonly areas: BoardAreas,
    private readonly votes: BoardVotesService,
    private readonly releases: BoardReleasesService,
    private readonly access: BoardAccess,
    private readonly sections: BoardPageSections,
  ) {}

  @Get('boards')
  async index(@Req() req: Request, @Res() res: Response) {
    const page = boardPage(req, res, message('boards.title'));
    const boards = (await this.items.boards()).map((b) => ({ ...b, name: areaName(b, page.locale) }));
    res.render('boards/index', { ...page, boards });
  }

  @Get('boards/:slug')
  async board(
    @Param('slug') slug: string,
    @Query() query: BoardListQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const sort = query.sort ?? 'top';
    const board = await this.items.board(slug, sort, query.status ?? null, query.page ?? 1);
    const frame = boardPage(req, res, '');
    const page = { ...frame, title: areaName(board.area, frame.locale) };
    const link = (p: number) =>
      `/boards/${board.area.slug}?sort=${sort}${board.status ? `&status=${board.status}` : ''}&page=${p}`;
    res.render('boards/board', {
      ...page,
      board,
      name: areaName(board.area, page.locale),
      items: board.items.map((i) => ({ ...i, ...statusView(i.status) })),
      statuses: FILTER_STATUSES.map((s) => ({ value: s, key: `boards.status.${s}`, selected: s === board.status })),
      sortTop: sort === 'top',
      previous: board.page > 1 ? link(board.page - 1) : null,
      next: board.page < board.pages ? link(board.page + 1) : null,
    });
  }

  @Get('boards/:slug/roadmap')
  async roadmap(@Param('slug') slug: string, @Req() req: Request, @Res() res: Response) {
    const area = await this.areas.bySlug(slug);
    const frame = boardPage(req, res, '');
    const columns = await Promise.all(
      ROADMAP_STATUSES.map(async (status) => ({
        key: status === 'shipped' ? 'boards.shippedLately' : `boards.status.${status}`,
        items: (await this.items.byStatus([status], [area.id], ROADMAP_LIMIT)).map((i) => ({
          ...i,
          ...statusView(i.status),
        })),
      })),
    );
    const name = areaName(area, frame.locale);
    res.render('boards/roadmap', {
      ...frame,
      title: message('boards.roadmapTitle', { board: name }),
      area,
      name,
      columns,
    });
  }

  @Get('changelog')
  async changelog(@Req() req: Request, @Res() res: Response) {
    res.render('boards/changelog', {
      ...boardPage(req, res, message('boards.changelog')),
      releases: await this.releases.changelog(),
    });
  }

  @Get('board-items/:id')
  async item(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    const staff = this.access.isStaff(req.principal);
    const item = await this.items.item(id, { memberId: req.member?.id, staff });
    // A merged duplicate sends fans on to the item it joined; staff stay, to undo the merge.
    if (item.mergedIntoId && !staff) return res.redirect(302, `/board-items/${item.mergedIntoId}?from=${item.id}`);
    const page = boardPage(req, res, item.title);
    const [voted, canHandle, merged, sections] = await Promise.all([
      req.member ? this.votes.hasVoted(item.id, req.member.id) : false,
      this.access.canHandle(req.principal, item.areaId),
      item.mergedIntoId ? this.items.row(item.mergedIntoId) : null,
      this.sections.itemModel(item.id, page.locale),
    ]);
    res.render('boards/item', {
      ...page,
      ...sections,
      item: { ...item, ...statusView(item.status) },
      areaName: areaName(item.area, page.locale),
      history: item.history.map((h) => ({ ...h, statusKey: `boards.status.${h.status}` })),
      voted,
      listed: item.moderation === 'approved' && !item.mergedIntoId,
      merged,
      from: typeof req.query.from === 'string' && /^\d{1,18}$/.test(req.query.from) ? req.query.from : null,
      canHandle,
      staff,
      settable: SETTABLE_STATUSES.filter((s) => s !== item.status).map((s) => ({
        value: s,
        key: `boards.status.${s}`,
      })),
    });
  }

  /** The embeddable status badge: cacheable, revalidated by ETag (304 when unchanged). */
  @Get('board-items/:id/badge.svg')
  async badge(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    const item = await this.items.item(id);
    const locale = req.query.lang === 'zh-CN' ? 'zh-CN' : 'en';
    const svg = statusBadge({
      status: item.status,
      statusLabel: translate(locale, `boards.status.${item.status}`),
      engineerCode: item.handlerCode,
      votesLabel: translate(locale, 'boards.votes', { count: item.voteCount }),
    });
    const etag = badgeEtag(svg);
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'public, max-age=60, must-revalidate');
    res.setHeader('Vary', 'Accept-Encoding');
    const asked = (req.headers['if-none-match'] ?? '').split(',').map((t) => t.trim());
    if (asked.includes(etag) || asked.includes(`W/${etag}`)) return res.status(304).end();
    res.type('image/svg+xml').send(svg);
  }
}
