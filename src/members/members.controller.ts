import { BadRequestException, Body, Controller, HttpCode, ParseArrayPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiTokenGuard } from '../common/api-token.guard';
import { MemberInputDto } from './dto/member-input.dto';
import { ImportReport, MemberImportService } from './member-import.service';

export const MAX_BULK_MEMBERS = 10_000;

@ApiTags('members')
@ApiBearerAuth()
@UseGuards(ApiTokenGuard)
@Controller('api/members')
export class MembersController {
  constructor(private readonly imports: MemberImportService) {}

  /** Creates or updates members by external id; rows that cannot be applied are listed by index. */
  @Post('bulk')
  @HttpCode(200)
  @ApiBody({ type: [MemberInputDto] })
  @ApiOkResponse({ description: 'Import report; `rejections[].at` is the 0-based index in the body.' })
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
  ): Promise<ImportReport> {
    if (items.length > MAX_BULK_MEMBERS) {
      throw new BadRequestException(`Send at most ${MAX_BULK_MEMBERS} members per request (got ${items.length}).`);
    }
    return this.imports.importRows(toRows(items));
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
