import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  Param,
  Post,
  Query,
  Render,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { Roles } from '../common/access.decorators';
import { flashAndRedirect } from '../common/flash';
import { BigIdPipe } from '../common/id.pipe';
import { MemberErasureDto } from './dto/member-erasure.dto';
import { MemberErasureService } from './member-erasure.service';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { unlink } from 'node:fs/promises';
import { csrfAfterUpload, CsrfCheckedAfterUpload, CsrfUtilities } from '../common/csrf';
import { CitiesService } from '../cities/cities.service';
import { message } from '../common/strings';
import { sendCsv } from '../common/csv-export';
import { csvUpload, UploadedCsv } from './csv-upload';
import { MemberSearchDto } from './dto/member-search.dto';
import { ImportOptionsDto } from './dto/import-options.dto';
import { MemberImportService } from './member-import.service';
import { MembersService } from './members.service';
import { refusalsOf } from '../common/form-check';

/** Rows in one member export: a city's worth, and one query. */
const EXPORT_LIMIT = 50_000;

@ApiExcludeController()
@Controller('members')
export class MembersPagesController {
  constructor(
    private readonly members: MembersService,
    private readonly imports: MemberImportService,
    private readonly cities: CitiesService,
    private readonly csrf: CsrfUtilities,
    private readonly erasure: MemberErasureService,
  ) {}

  @Get()
  @Render('members/list')
  async list(@Query() query: MemberSearchDto) {
    const [page, cities, total] = await Promise.all([
      this.members.search(query),
      this.cities.options(),
      this.members.count(),
    ]);
    const nextQuery = page.next
      ? new URLSearchParams({
          ...(query.q ? { q: query.q } : {}),
          ...(query.cityId ? { cityId: String(query.cityId) } : {}),
          before: page.next,
        }).toString()
      : null;
    return {
      title: message('members'),
      ...page,
      total,
      query,
      nextQuery,
      cities: cities.map((c) => ({ ...c, selected: c.id === query.cityId })),
    };
  }

  @Get('import')
  @Render('members/import')
  importForm() {
    return { title: message('importMembers') };
  }

  @Post('import')
  @CsrfCheckedAfterUpload()
  @UseInterceptors(csvUpload())
  @Render('members/import')
  async importCsv(
    @UploadedCsv() file: Express.Multer.File | undefined,
    @Body() options: ImportOptionsDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.checkUploadForm(file, req);
    try {
      const report = await this.imports.importFile(file, options);
      return { title: message('importMembers'), report, fileName: file?.originalname };
    } catch (error) {
      // A file refused as a whole (no file, wrong header, not CSV): say why beside the form, to try again.
      if (!(error instanceof HttpException) || error.getStatus() >= 500) throw error;
      res.status(error.getStatus());
      return { title: message('importMembers'), error: refusalsOf(error)[0].shown };
    }
  }

  /**
   * The import, answered with every rejected row as a spreadsheet instead of the page (which lists the
   * first MAX_LISTED_REJECTIONS). Importing a file again changes nothing already imported, so staff can
   * re-run an import just for this list.
   */
  @Post('import/rejections.csv')
  @HttpCode(200)
  @CsrfCheckedAfterUpload()
  @UseInterceptors(csvUpload())
  async importWithRejectionsCsv(
    @UploadedCsv() file: Express.Multer.File,
    @Body() options: ImportOptionsDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.checkUploadForm(file, req);
    const report = await this.imports.importFile(file, { ...options, listed: Number.POSITIVE_INFINITY });
    const name = `${(file.originalname || 'members').replace(/\.csv$/i, '')}-rejected-rows.csv`;
    const rows = report.rejections.map((r) => [r.at, r.externalId, r.reason]);
    sendCsv(res, name, ['line', 'external_id', 'reason'], rows);
  }

  /** The upload form's CSRF token rides in the multipart body: checked once it is read; a refused upload is deleted. */
  private async checkUploadForm(file: Express.Multer.File | undefined, req: Request): Promise<void> {
    try {
      csrfAfterUpload(this.csrf, req);
    } catch (error) {
      if (file) await unlink(file.path).catch(() => undefined);
      throw error;
    }
  }

  /**
   * The search as a spreadsheet, in the import's own columns (it can be imported again), up to
   * EXPORT_LIMIT rows from the given page on.
   */
  @Get('export.csv')
  async exportCsv(@Query() query: MemberSearchDto, @Res() res: Response) {
    const { members } = await this.members.search({ ...query, limit: EXPORT_LIMIT });
    const header = ['external_id', 'email', 'name', 'city', 'locale', 'registered_on', 'forum_posts', 'honorary'];
    header.push('unsubscribed_at', 'invited', 'attended', 'no_shows');
    const rows = members.map((m) => [
      m.externalId,
      m.email,
      m.name,
      m.city,
      m.locale,
      m.registeredOn,
      m.forumPosts,
      m.honorary,
      m.unsubscribedAt,
      m.invitedCount,
      m.attendedCount,
      m.noShowCount,
    ]);
    sendCsv(res, 'members.csv', header, rows);
  }

  @Get(':id')
  @Render('members/detail')
  async detail(@Param('id') id: string) {
    const member = await this.members.get(id);
    return { title: member.name, member };
  }

  @Post(':id/erase')
  @Roles('admin')
  async erase(
    @Param('id', BigIdPipe) id: string,
    @Body() body: MemberErasureDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.erasure.erase(id, body.confirm, req.principal!);
    flashAndRedirect(req, res, `/members/${id}`, 'memberErased');
  }
}
