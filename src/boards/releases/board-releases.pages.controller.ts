import { Body, Controller, HttpCode, Get, HttpException, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { checkForm, formErrorsOf } from '../../common/form-check';
import type { Principal } from '../../common/principal';
import { flashAndRedirect } from '../../common/flash';
import { message } from '../../common/strings';
import { ReleaseDto, ReleaseFormDto } from '../dto/board-input.dto';
import { BoardReleasesService } from './board-releases.service';

/** Staff's release page: write a release entry listing items, then publish it. */
@ApiExcludeController()
@Controller('staff/releases')
export class BoardReleasesPagesController {
  constructor(private readonly releases: BoardReleasesService) {}

  @Get()
  async list(@Res() res: Response) {
    await this.render(res, {});
  }

  @HttpCode(200)
  @Post()
  async create(@Body() form: ReleaseFormDto, @Req() req: Request, @Res() res: Response) {
    const { value, errors } = await checkForm(ReleaseDto, {
      title: form.title,
      releasedOn: form.releasedOn,
      itemIds: form.itemIds,
    });
    if (errors) return this.render(res, { form, errors }, 400);
    try {
      await this.releases.create(value, req.principal as Principal);
      flashAndRedirect(req, res, '/staff/releases', 'boards.saved');
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      const { status, errors: refused } = formErrorsOf(error, ['title', 'releasedOn', 'itemIds']);
      await this.render(res, { form, errors: refused }, status);
    }
  }

  @Post(':id/publish')
  async publish(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    const release = await this.releases.publish(id, req.principal as Principal);
    flashAndRedirect(req, res, '/staff/releases', 'boards.releasePublished', { count: release.items.length });
  }

  private async render(res: Response, extra: object, status = 200) {
    const [drafts, published] = await Promise.all([this.releases.drafts(), this.releases.changelog(20)]);
    res.status(status).render('boards/releases', { title: message('boards.releases'), drafts, published, ...extra });
  }
}
