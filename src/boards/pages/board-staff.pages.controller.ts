import { Body, Controller, Get, HttpException, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../common/access.decorators';
import type { Principal } from '../../common/principal';
import { flashAndRedirect } from '../../common/flash';
import { message, Params, StringKey } from '../../common/strings';
import { refusalOf } from './refusal';
import { EditFormDto, MergeFormDto, ModerationFormDto, StatusFormDto } from '../dto/board-input.dto';
import { BoardAccess } from '../items/board-access';
import { BoardAreas } from '../items/board-areas';
import { BoardItemsService } from '../items/board-items.service';
import { BoardModerationService } from '../items/board-moderation.service';
import { BoardStatusService } from '../items/board-status.service';
import { BoardMergesService } from '../merges/board-merges.service';
import { statusView } from './board-page-context';

const QUEUE_STATUSES = ['received', 'under_review', 'planned', 'in_progress'] as const;

/**
 * The item page's forms for engineers (status of items in their product areas) and staff (everything:
 * status, moderation, edit, merge and its undo), and their work lists. Each form POSTs here and
 * comes back to the item page with what happened, or why not, in the viewer's language.
 */
@ApiExcludeController()
@Controller()
export class BoardStaffPagesController {
  constructor(
    private readonly items: BoardItemsService,
    private readonly areas: BoardAreas,
    private readonly access: BoardAccess,
    private readonly status: BoardStatusService,
    private readonly merges: BoardMergesService,
    private readonly moderation: BoardModerationService,
  ) {}

  @Roles('admin', 'staff', 'engineer')
  @Post('board-items/:id/status')
  setStatus(@Param('id') id: string, @Body() form: StatusFormDto, @Req() req: Request, @Res() res: Response) {
    const handler =
      form.handlerEngineerId && /^\d{1,9}$/.test(form.handlerEngineerId) ? Number(form.handlerEngineerId) : undefined;
    return this.act(req, res, id, 'boards.statusSaved', (p) =>
      this.status.setStatus(id, { status: form.status ?? '', note: form.note, handlerEngineerId: handler }, p),
    );
  }

  @Post('board-items/:id/merge')
  merge(@Param('id') id: string, @Body() form: MergeFormDto, @Req() req: Request, @Res() res: Response) {
    const into = (form.intoId ?? '').trim().replace(/^#/, '');
    return this.act(req, res, id, 'boards.merged', (p) => this.merges.merge(id, into, p, form.note));
  }

  @Post('board-items/:id/unmerge')
  unmerge(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.act(req, res, id, 'boards.mergeUndone', (p) => this.merges.undo(id, p));
  }

  @Post('board-items/:id/moderation')
  moderate(@Param('id') id: string, @Body() form: ModerationFormDto, @Req() req: Request, @Res() res: Response) {
    const decision = form.decision === 'approve' ? 'approve' : 'reject';
    const back = typeof req.query.back === 'string' && req.query.back === 'queue' ? '/staff/boards' : undefined;
    return this.act(
      req,
      res,
      id,
      decision === 'approve' ? 'boards.approved' : 'boards.rejectedDone',
      (p) => this.moderation.decide(id, decision, p, form.note),
      back,
    );
  }

  @Post('board-items/:id/edit')
  edit(@Param('id') id: string, @Body() form: EditFormDto, @Req() req: Request, @Res() res: Response) {
    return this.act(req, res, id, 'boards.saved', (p) =>
      this.moderation.edit(id, { title: form.title ?? '', description: form.description }, p),
    );
  }

  @Get('staff/boards')
  async queue(@Res() res: Response) {
    res.render('boards/moderation', {
      title: message('boards.moderation'),
      pending: await this.moderation.pending(),
    });
  }

  @Roles('admin', 'staff', 'engineer')
  @Get('staff/boards/handling')
  async handling(@Req() req: Request, @Res() res: Response) {
    const areas = await this.access.areasOf(req.principal);
    const all = await this.areas.all();
    const items = await this.items.byStatus([...QUEUE_STATUSES], areas === 'all' ? null : areas, 200);
    res.render('boards/handling', {
      title: message('boards.handling'),
      items: items.map((i) => ({ ...i, ...statusView(i.status), area: all.find((a) => a.id === i.areaId) })),
    });
  }

  private async act(
    req: Request,
    res: Response,
    id: string,
    done: Parameters<typeof message>[0],
    work: (principal: Principal) => Promise<unknown>,
    back?: string,
  ) {
    let key: StringKey = done;
    let params: Params | undefined;
    try {
      await work(req.principal as Principal);
    } catch (error) {
      // 403 (not their area) and 404 get the error page; refusals come back to the item page.
      if (!(error instanceof HttpException) || [403, 404].includes(error.getStatus()) || error.getStatus() >= 500)
        throw error;
      ({ key, params } = refusalOf(error));
    }
    flashAndRedirect(req, res, back ?? `/board-items/${id}`, key, params);
  }
}
