import { Body, Controller, Get, HttpException, Param, Post, Query, Render, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CitiesService } from '../cities/cities.service';
import { message } from '../common/strings';
import { csvUpload, UploadedCsv } from './csv-upload';
import { MemberSearchDto } from './dto/member-search.dto';
import { ImportOptionsDto } from './dto/import-options.dto';
import { MemberImportService } from './member-import.service';
import { MembersService } from './members.service';
import { refusalsOf } from '../common/form-check';

@ApiExcludeController()
@Controller('members')
export class MembersPagesController {
  constructor(
    private readonly members: MembersService,
    private readonly imports: MemberImportService,
    private readonly cities: CitiesService,
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
  @UseInterceptors(csvUpload())
  @Render('members/import')
  async importCsv(
    @UploadedCsv() file: Express.Multer.File,
    @Body() options: ImportOptionsDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    try {
      const report = await this.imports.importFile(file, options);
      return { title: message('importMembers'), report, fileName: file.originalname };
    } catch (error) {
      // A file refused as a whole (no file, wrong header, not CSV): say why beside the form, to try again.
      if (!(error instanceof HttpException) || error.getStatus() >= 500) throw error;
      res.status(error.getStatus());
      return { title: message('importMembers'), error: refusalsOf(error)[0].shown };
    }
  }

  @Get(':id')
  @Render('members/detail')
  async detail(@Param('id') id: string) {
    const member = await this.members.get(id);
    return { title: member.name, member };
  }
}
