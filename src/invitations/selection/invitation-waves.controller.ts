import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { InviteesQueryDto, SendWaveDto, WaveSettingsDto, WithdrawDto } from './dto/waves.dto';
import { InvitationWavesService } from './invitation-waves.service';
import { InvitationWithdrawalService } from './invitation-withdrawal.service';
import { InvitationsOverviewService } from './invitations-overview.service';
import { BigIdPipe } from '../../common/id.pipe';
import { MeetupIdPipe } from '../../meetups/meetup-id.pipe';

/** Staff's side of invitations: the ranked proposal, waves, their settings, withdrawals. */
@ApiTags('invitations')
@ApiBearerAuth()
@Controller('api/meetups')
export class InvitationWavesController {
  constructor(
    private readonly waves: InvitationWavesService,
    private readonly withdrawals: InvitationWithdrawalService,
    private readonly staff: InvitationsOverviewService,
  ) {}

  /** The city's eligible members ranked by the invitee score, each score broken down; the first `nextWave.size` are proposed. */
  @Get(':id/invitees')
  invitees(@Param('id', MeetupIdPipe) id: number, @Query() query: InviteesQueryDto) {
    return this.waves.proposal(id, query.limit);
  }

  /** Puts a member staff left out back into the meetup's proposals. */
  @Delete(':id/invitees/exclusions/:memberId')
  @HttpCode(204)
  @ApiNoContentResponse()
  async includeAgain(@Param('id', MeetupIdPipe) id: number, @Param('memberId', BigIdPipe) memberId: string) {
    await this.waves.includeAgain(id, memberId);
  }

  /** The meetup's invitations: funnel counts, next wave, settings, low-turnout alert and the list. */
  @Get(':id/invitations')
  overview(@Param('id', MeetupIdPipe) id: number) {
    return this.staff.overview(id);
  }

  /** Sends a wave: `{ wave: 'next' }` (the next-ranked members) minus `exclude`, plus `add` by hand. */
  @Post(':id/invitations')
  @ApiCreatedResponse({
    description: 'The wave sent: its number, how many were invited and skipped, and why that size.',
  })
  @ApiConflictResponse({
    description: 'Nothing may be sent now (deadline passed, waitlist, no free seat…); nothing changed.',
  })
  send(@Param('id', MeetupIdPipe) id: number, @Body() body: SendWaveDto, @Req() req: Request) {
    return this.waves.send(id, body, req.principal?.accountId ?? null);
  }

  @Patch(':id/invitations/settings')
  @ApiOkResponse({ description: 'The wave settings after the change.' })
  settings(@Param('id', MeetupIdPipe) id: number, @Body() body: WaveSettingsDto) {
    return this.waves.updateSettings(id, body);
  }

  /** Takes an invitation back: cancelled, a held seat passes to the waitlist, the member gets a short email. */
  @Post(':id/invitations/:invitationId/withdraw')
  @HttpCode(200)
  @ApiConflictResponse({ description: 'Already withdrawn, expired, checked in, or the meetup has started.' })
  withdraw(
    @Param('id', MeetupIdPipe) id: number,
    @Param('invitationId', BigIdPipe) invitationId: string,
    @Body() body: WithdrawDto,
    @Req() req: Request,
  ) {
    return this.withdrawals.withdraw(id, invitationId, req.principal?.accountId ?? null, body.note);
  }
}
