import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public, Roles } from '../common/access.decorators';
import type { Principal } from '../common/principal';
import {
  EditItemDto,
  MergeDto,
  ModerationDto,
  NewItemDto,
  SimilarQueryDto,
  StatusChangeDto,
} from './dto/board-input.dto';
import { BoardAccess } from './items/board-access';
import { BoardAreas } from './items/board-areas';
import { BoardItemsService } from './items/board-items.service';
import { BoardModerationService } from './items/board-moderation.service';
import { BoardStatusService } from './items/board-status.service';
import { BoardMergesService } from './merges/board-merges.service';
import { CurrentMember, OptionalMember } from './sign-in/member-session';
import { MemberSessionInterceptor } from './sign-in/member-session.interceptor';
import type { SignedInMember } from './sign-in/member-sign-in.service';
import { BoardVotesService } from './votes/board-votes.service';

const principalOf = (req: Request) => req.principal as Principal;

/**
 * Board items as JSON. Reading is public; members (signed in by emailed link, the session cookie plus
 * X-CSRF-Token) post and vote; engineers set statuses in their product areas; staff moderate and merge.
 */
@ApiTags('boards')
@ApiBearerAuth()
@ApiCookieAuth()
@UseInterceptors(MemberSessionInterceptor)
@Controller('api/board-items')
export class BoardItemsController {
  constructor(
    private readonly items: BoardItemsService,
    private readonly areas: BoardAreas,
    private readonly votes: BoardVotesService,
    private readonly status: BoardStatusService,
    private readonly merges: BoardMergesService,
    private readonly moderation: BoardModerationService,
    private readonly access: BoardAccess,
  ) {}

  @Public()
  @Get('similar')
  @ApiOperation({ summary: 'Listed items whose titles resemble q (offered while a member types a suggestion).' })
  async similar(@Query() query: SimilarQueryDto) {
    const area = query.board ? await this.areas.bySlug(query.board) : null;
    return { items: await this.items.findSimilar(query.q, area?.id ?? null) };
  }

  @Get('moderation')
  @ApiOperation({ summary: 'Staff: items waiting for moderation, oldest first.' })
  pending() {
    return this.moderation.pending();
  }

  @Public()
  @Get(':id')
  @ApiOperation({ summary: 'One item with its status (adoption level), handler’s engineer ID, votes and history.' })
  async get(@Param('id') id: string, @Req() req: Request, @OptionalMember() member?: SignedInMember) {
    const item = await this.items.item(id, { memberId: member?.id, staff: this.access.isStaff(req.principal) });
    return {
      ...item,
      area: { id: item.area.id, slug: item.area.slug, nameEn: item.area.nameEn, nameZh: item.area.nameZh },
      voted: member ? await this.votes.hasVoted(item.id, member.id) : undefined,
    };
  }

  @Public()
  @Post()
  @ApiOperation({ summary: 'A signed-in member posts a suggestion (a new member’s first items wait for moderation).' })
  async create(@Body() body: NewItemDto, @CurrentMember() member: SignedInMember) {
    const area = await this.areas.bySlug(body.board);
    return this.items.createItem({
      title: body.title,
      description: body.description,
      areaId: area.id,
      author: { kind: 'member', memberId: member.id },
    });
  }

  @Public()
  @Post(':id/vote')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The item’s vote count; voting twice changes nothing.' })
  vote(@Param('id') id: string, @CurrentMember() member: SignedInMember) {
    return this.votes.vote(id, { memberId: member.id, attended: member.attended });
  }

  @Public()
  @Delete(':id/vote')
  @ApiOkResponse({ description: 'The vote is withdrawn; the item’s vote count.' })
  withdraw(@Param('id') id: string, @CurrentMember() member: SignedInMember) {
    return this.votes.withdraw(id, { memberId: member.id, attended: member.attended });
  }

  @Roles('admin', 'staff', 'engineer')
  @Post(':id/status')
  @HttpCode(200)
  @ApiOperation({ summary: 'Engineers of the item’s product area (and staff) set its status, with a note.' })
  setStatus(@Param('id') id: string, @Body() body: StatusChangeDto, @Req() req: Request) {
    return this.status.setStatus(id, body, principalOf(req));
  }

  @Post(':id/merge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Staff merge this duplicate into another item (votes counted once, followers move).' })
  merge(@Param('id') id: string, @Body() body: MergeDto, @Req() req: Request) {
    return this.merges.merge(id, body.intoId, principalOf(req), body.note);
  }

  @Delete(':id/merge')
  @ApiOperation({ summary: 'Staff undo the merge of this duplicate: everything it moved goes back.' })
  unmerge(@Param('id') id: string, @Req() req: Request) {
    return this.merges.undo(id, principalOf(req));
  }

  @Post(':id/moderation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Staff approve or decline an item waiting for moderation.' })
  moderate(@Param('id') id: string, @Body() body: ModerationDto, @Req() req: Request) {
    return this.moderation.decide(id, body.decision, principalOf(req), body.note);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Staff edit an item’s title and description.' })
  edit(@Param('id') id: string, @Body() body: EditItemDto, @Req() req: Request) {
    return this.moderation.edit(id, body, principalOf(req));
  }
}
