import { Body, Controller, Get, HttpCode, Param, Post, Req, UseInterceptors } from '@nestjs/common';
import { ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../common/access.decorators';
import { SignInRequestDto } from '../dto/board-input.dto';
import { BoardItemsService } from '../items/board-items.service';
import { BoardVotesService } from '../votes/board-votes.service';
import { CurrentMember } from './member-session';
import { MemberSessionInterceptor } from './member-session.interceptor';
import { MemberSignInService } from './member-sign-in.service';
import type { SignedInMember } from './member-sign-in.service';
import { startMemberSession } from './start-member-session';

/** Members' sign-in by emailed link, and their own items and votes, as JSON. */
@ApiTags('members (boards)')
@ApiCookieAuth()
@Public()
@UseInterceptors(MemberSessionInterceptor)
@Controller('api/member')
export class MemberController {
  constructor(
    private readonly signIn: MemberSignInService,
    private readonly items: BoardItemsService,
    private readonly votes: BoardVotesService,
  ) {}

  @Post('sign-in')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Emails a one-time sign-in link when the address is a member’s (the answer is the same either way).',
  })
  async requestLink(@Body() body: SignInRequestDto) {
    await this.signIn.requestLink(body.email);
    return { sent: true };
  }

  @Post('sign-in/:token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Uses a sign-in link (once) and starts the member session cookie.' })
  async consume(@Param('token') token: string, @Req() req: Request) {
    const member = await this.signIn.consume(token);
    await startMemberSession(req, member.id);
    return { id: member.id, name: member.name, locale: member.locale };
  }

  @Get('me')
  me(@CurrentMember() member: SignedInMember) {
    return member;
  }

  @Get('items')
  @ApiOperation({ summary: 'My items, with their moderation state.' })
  myItems(@CurrentMember() member: SignedInMember) {
    return this.items.byAuthor(member.id);
  }

  @Get('votes')
  @ApiOperation({ summary: 'Items I voted for.' })
  myVotes(@CurrentMember() member: SignedInMember) {
    return this.votes.byMember(member.id);
  }
}
