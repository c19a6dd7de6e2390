import { Controller, Get, Param, Post, Query, Render, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CitiesService } from '../cities/cities.service';
import { csvUpload, UploadedCsv } from './csv-upload';
import { MemberSearchDto } from './dto/member-search.dto';
import { MemberImportService } from './member-import.service';
import { MembersService } from './members.service';

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
      title: 'Members',
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
    return { title: 'Import members' };
  }

  @Post('import')
  @UseInterceptors(csvUpload())
  @Render('members/import')
  async importCsv(@UploadedCsv() file: Express.Multer.File) {
    const report = await this.imports.importFile(file);
    return { title: 'Import members', report, fileName: file.originalname };
  }

  @Get(':id')
  @Render('members/detail')
  async detail(@Param('id') id: string) {
    const member = await this.members.get(id);
    return { title: member.name, member };
  }
}
