import { Body, Controller, Get, HttpException, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { errorText, message, positional, translate } from '../../common/strings';
import { flashAndRedirect } from '../../common/flash';
import type { Locale } from '../../common/locale';
import { MembersService } from '../../members/members.service';
import { InviteesFormDto, InviteesQueryDto, SendWaveDto, WaveSettingsFormDto, WithdrawDto } from './dto/waves.dto';
import { InvitationWavesService } from './invitation-waves.service';
import { InvitationWithdrawalService } from './invitation-withdrawal.service';
import { overviewPage, ProposalFacts, ProposalFormState, proposalPage } from './invitations-page';
import { InvitationsRepository } from '../core/invitations.repository';
import { InviteeSelectionService } from './invitee-selection.service';
import { InvitationsOverviewService } from './invitations-overview.service';
import { refusalsOf } from '../../common/form-check';
import { BigIdPipe } from '../../common/id.pipe';
import { MeetupIdPipe } from '../../meetups/meetup-id.pipe';
import { viewerLocale } from '../../common/principal';
import { sendCsv } from '../../common/csv-export';

/** Staff pages of a meetup's invitations: the list with its funnel and wave controls, the ranked proposal. */
@ApiExcludeController()
@Controller('meetups')
export class InvitationsPagesController {
  constructor(
    private readonly overviews: InvitationsOverviewService,
    private readonly waves: InvitationWavesService,
    private readonly withdrawals: InvitationWithdrawalService,
    private readonly selection: InviteeSelectionService,
    private readonly invitations: InvitationsRepository,
    private readonly members: MembersService,
  ) {}

  /** Every invitation of the meetup as a spreadsheet, with the automated-answer signs. */
  @Get(':id/invitations.csv')
  async invitationsCsv(@Param('id', MeetupIdPipe) id: number, @Res() res: Response) {
    const { invitations } = await this.overviews.overview(id);
    const header = [
      'invitation_id',
      'member_id',
      'name',
      'email',
      'state',
      'unsubscribed',
      'wave',
      'score',
      'invited_at',
    ];
    header.push('answered_at', 'place_in_line', 'offer_expires_at', 'checked_in_at', 'looks_automated');
    const rows = invitations.map((i) => [
      i.id,
      i.memberId,
      i.name,
      i.email,
      i.state,
      i.unsubscribed,
      i.wave,
      i.score,
      i.invitedAt,
      i.answeredAt,
      i.position,
      i.offerExpiresAt,
      i.checkedInAt,
      (i.flags ?? []).flatMap((f) => f.signs ?? []).join(' '),
    ]);
    sendCsv(res, `meetup-${id}-invitations.csv`, header, rows);
  }

  @Get(':id/invitations')
  async overview(@Param('id', MeetupIdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    res.render('invitations/overview', overviewPage(await this.overviews.overview(id), viewerLocale(req)));
  }

  /** "Send next wave (N)": the next-ranked members, no review. */
  @Post(':id/invitations')
  async sendNextWave(
    @Param('id', MeetupIdPipe) id: number,
    @Body() body: SendWaveDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const sent = await this.waves.send(id, { ...body, wave: 'next' }, req.principal?.accountId ?? null);
    flashAndRedirect(req, res, `/meetups/${id}/invitations`, 'inv.flash.sent', positional(sent.wave, sent.invited));
  }

  @Post(':id/invitations/settings')
  async settings(
    @Param('id', MeetupIdPipe) id: number,
    @Body() body: WaveSettingsFormDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.waves.updateSettings(id, { firstWaveSize: body.firstWaveSize, autoWaves: body.autoWaves === 'on' });
    flashAndRedirect(req, res, `/meetups/${id}/invitations`, 'inv.flash.settings');
  }

  /** Asks before withdrawing: the member gets an email, which cannot be taken back. */
  @Get(':id/invitations/:invitationId/withdraw')
  async confirmWithdraw(
    @Param('id', MeetupIdPipe) id: number,
    @Param('invitationId', BigIdPipe) invitationId: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const [meetup, invitation] = await Promise.all([this.waves.meetup(id), this.invitations.findById(invitationId)]);
    if (!invitation || invitation.meetupId !== id) {
      throw new NotFoundException(errorText('inv.noInvitation', { meetup: String(id), invitation: invitationId }));
    }
    res.render('invitations/withdraw', {
      title: translate(viewerLocale(req), 'inv.withdrawTitle', positional(invitation.memberName)),
      meetup,
      invitation,
      stateLabel: translate(viewerLocale(req), `inv.state.${invitation.state}`),
    });
  }

  @Post(':id/invitations/:invitationId/withdraw')
  async withdraw(
    @Param('id', MeetupIdPipe) id: number,
    @Param('invitationId', BigIdPipe) invitationId: string,
    @Body() body: WithdrawDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const done = await this.withdrawals.withdraw(id, invitationId, req.principal?.accountId ?? null, body.note);
    const target = `/meetups/${id}/invitations`;
    if (!done.seat) return flashAndRedirect(req, res, target, 'inv.flash.withdrawn');
    const both = { withdrawn: message('inv.flash.withdrawn'), seat: message(`inv.flash.seat.${done.seat}`) };
    flashAndRedirect(req, res, target, 'inv.flash.withdrawnAndSeat', both);
  }

  @Get(':id/invitees')
  async proposal(
    @Param('id', MeetupIdPipe) id: number,
    @Query() query: InviteesQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    res.render('invitations/invitees', await this.proposalPage(id, viewerLocale(req), { limit: query.limit }));
  }

  /**
   * The proposal page's one form. "Search" (also the Enter key) shows members to add and keeps
   * every tick; "Send invitations" sends the reviewed proposal minus those left out plus those added.
   */
  @Post(':id/invitees')
  async proposalForm(
    @Param('id', MeetupIdPipe) id: number,
    @Query() query: InviteesQueryDto,
    @Body() body: InviteesFormDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const locale = viewerLocale(req);
    const state = { limit: query.limit, q: body.q, exclude: body.exclude ?? [], add: body.add ?? [] };
    if (body.action !== 'send') {
      res.status(200).render('invitations/invitees', await this.proposalPage(id, locale, state));
      return;
    }
    try {
      const sent = await this.waves.send(
        id,
        { wave: 'next', exclude: state.exclude, add: state.add, proposed: body.proposed ?? [] },
        req.principal?.accountId ?? null,
      );
      flashAndRedirect(req, res, `/meetups/${id}/invitations`, 'inv.flash.sent', positional(sent.wave, sent.invited));
    } catch (error) {
      // A refusal (the proposal changed, a member cannot be invited…) shows the page again, fresh, with why.
      if (!(error instanceof HttpException) || error.getStatus() >= 500 || error.getStatus() === 404) throw error;
      res.status(error.getStatus()).render('invitations/invitees', {
        ...(await this.proposalPage(id, locale, state)),
        error: refusalsOf(error)[0].shown,
      });
    }
  }

  @Post(':id/invitees/exclusions/:memberId/delete')
  async includeAgain(
    @Param('id', MeetupIdPipe) id: number,
    @Param('memberId', BigIdPipe) memberId: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.waves.includeAgain(id, memberId);
    flashAndRedirect(req, res, `/meetups/${id}/invitees`, 'inv.flash.putBack');
  }

  private async proposalPage(id: number, locale: Locale, state: ProposalFormState) {
    return proposalPage(await this.proposalFacts(id, state), state, locale);
  }

  /** The page's reads: the ranking, the members picked by hand below it, and the search's finds not yet shown. */
  private async proposalFacts(id: number, state: ProposalFormState): Promise<ProposalFacts> {
    const meetup = await this.waves.meetup(id);
    const proposal = await this.waves.proposal(id, state.limit);
    const rankedIds = new Set(proposal.invitees.map((r) => r.memberId));
    const handPicked = [...new Set(state.add ?? [])].filter((m) => !rankedIds.has(m));
    const picked = await this.selection.byIds(meetup, handPicked);
    if (!state.q) return { meetup, proposal, picked, found: [], foundScores: [] };
    const shown = new Set([...rankedIds, ...picked.map((p) => p.memberId)]);
    const found = (await this.members.search({ q: state.q, limit: 20 })).members.filter((m) => !shown.has(m.id));
    const foundScores = await this.selection.byIds(
      meetup,
      found.map((m) => m.id),
    );
    return { meetup, proposal, picked, found, foundScores };
  }
}
