import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseArrayPipe,
  Post,
  Query,
  Req,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MemberSearchDto } from './dto/member-search.dto';
import { MembersService } from './members.service';
import { MemberErasureService } from './member-erasure.service';
import { MemberErasureDto } from './dto/member-erasure.dto';
import { Roles } from '../common/access.decorators';
import { BigIdPipe } from '../common/id.pipe';
import type { Request } from 'express';
import { csvUpload, UploadedCsv } from './csv-upload';
import { MemberInputDto } from './dto/member-input.dto';
import { ImportOptionsDto } from './dto/import-options.dto';
import { ImportReport, MemberImportService } from './member-import.service';

export const MAX_BULK_MEMBERS = 10_000;

@ApiTags('members')
@ApiBearerAuth()
@Controller('api/members')
export class MembersController {
  constructor(
    private readonly imports: MemberImportService,
    private readonly members: MembersService,
    private readonly erasure: MemberErasureService,
  ) {}

  /** Erases the member at their request (admins): anonymous everywhere, counts and history kept. */
  @Post(':id/erase')
  @Roles('admin')
  @HttpCode(204)
  async erase(@Param('id', BigIdPipe) id: string, @Body() body: MemberErasureDto, @Req() req: Request): Promise<void> {
    await this.erasure.erase(id, body.confirm, req.principal!);
  }

  /** Search and page through members (newest first). */
  @Get()
  search(@Query() query: MemberSearchDto) {
    return this.members.search(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.members.get(id);
  }

  /** Upload a CSV file (multipart field `file`); the answer is the import report. */
  @Post('import')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: { file: { type: 'string', format: 'binary' }, createUnverifiedCities: { type: 'boolean' } },
    },
  })
  @UseInterceptors(csvUpload())
  importCsv(@UploadedCsv() file: Express.Multer.File, @Body() options: ImportOptionsDto): Promise<ImportReport> {
    return this.imports.importFile(file, options);
  }

  /** Creates or updates members by external id; rows that cannot be applied are listed by index. */
  @Post('bulk')
  @HttpCode(200)
  @ApiBody({ type: [MemberInputDto] })
  @ApiOkResponse({
    description:
      'Import report; `rejections[].at` is the 0-based index in the body. A city name no city goes by is refused ' +
      'as "unknown city" with the nearest known ones, unless `createUnverifiedCities=true`.',
  })
  bulkUpsert(
    @Body(
      new ParseArrayPipe({
        items: MemberInputDto,
        whitelist: true,
        forbidNonWhitelisted: true,
        forbidUnknownValues: true,
      }),
    )
    items: MemberInputDto[],
    @Query() options: ImportOptionsDto,
  ): Promise<ImportReport> {
    if (items.length > MAX_BULK_MEMBERS) {
      throw new BadRequestException(`Send at most ${MAX_BULK_MEMBERS} members per request (got ${items.length}).`);
    }
    return this.imports.importRows(toRows(items), options);
  }
}

async function* toRows(items: MemberInputDto[]) {
  for (const [at, item] of items.entries()) {
    yield {
      at,
      raw: {
        external_id: item.externalId,
        email: item.email,
        name: item.name,
        city: item.city,
        province: item.province,
        locale: item.locale,
        registered_on: item.registeredOn,
        forum_posts: item.forumPosts,
        honorary: item.honorary,
      },
    };
  }
}
