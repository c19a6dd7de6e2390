import { Body, Controller, Get, HttpException, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { errorText, positional, translate } from '../../common/strings';
import type { Locale } from '../../common/locale';
import { MembersService } from '../../members/members.service';
import { InviteesFormDto, InviteesQueryDto, SendWaveDto, WaveSettingsFormDto, WithdrawDto } from './dto/waves.dto';
import { rsvpFunnelSvg } from './funnel-chart';
import type { StaffInvitationRow } from './invitation-waves.repository';
import { InvitationWavesService } from './invitation-waves.service';
import { InvitationWithdrawalService } from './invitation-withdrawal.service';
import { InvitationsRepository } from '../core/invitations.repository';
import type { ScoreLine } from './invitee-score';
import { InviteeSelectionService } from './invitee-selection.service';
import { StaffInvitationsService } from './staff-invitations.service';
import { refusalsOf } from '../../common/form-check';
import { BigIdPipe } from '../../common/id.pipe';
import { MeetupIdPipe } from '../../meetups/meetup-id.pipe';
import { viewerLocale } from '../../common/principal';

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');

/** Staff pages of a meetup's invitations: the list with its funnel and wave controls, the ranked proposal. */
@ApiExcludeController()
@Controller('meetups')
export class InvitationsPagesController {
  constructor(
    private readonly staff: StaffInvitationsService,
    private readonly waves: InvitationWavesService,
    private readonly withdrawals: InvitationWithdrawalService,
    private readonly selection: InviteeSelectionService,
    private readonly invitations: InvitationsRepository,
    private readonly members: MembersService,
  ) {}

  @Get(':id/invitations')
  async overview(@Param('id', MeetupIdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    const locale = viewerLocale(req);
    const { settings, ...o } = await this.staff.overview(id);
    // Not `settings`: Express reads that key of the render options as the app's own settings.
    res.render('invitations/overview', {
      title: `${translate(locale, 'inv.invitations')} · ${o.meetup.title}`,
      ...o,
      waveSettings: settings,
      funnelSvg: rsvpFunnelSvg(o.funnel, locale),
      withdrawn: o.counts.cancelled,
      waveReason: translate(locale, `inv.reason.${o.nextWave.reason}`),
      stillLow: o.lowTurnout ? o.counts.accepted < o.meetup.capacityMin : false,
      invitations: o.invitations.map((row) => this.listRow(row, locale)),
    });
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
    req.session.flash = translate(viewerLocale(req), 'inv.flash.sent', positional(sent.wave, sent.invited));
    res.redirect(303, `/meetups/${id}/invitations`);
  }

  @Post(':id/invitations/settings')
  async settings(
    @Param('id', MeetupIdPipe) id: number,
    @Body() body: WaveSettingsFormDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.waves.updateSettings(id, { firstWaveSize: body.firstWaveSize, autoWaves: body.autoWaves === 'on' });
    req.session.flash = translate(viewerLocale(req), 'inv.flash.settings');
    res.redirect(303, `/meetups/${id}/invitations`);
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
    const locale = viewerLocale(req);
    req.session.flash =
      translate(locale, 'inv.flash.withdrawn') +
      (done.seat ? ' ' + translate(locale, `inv.flash.seat.${done.seat}`) : '');
    res.redirect(303, `/meetups/${id}/invitations`);
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
      req.session.flash = translate(locale, 'inv.flash.sent', positional(sent.wave, sent.invited));
      res.redirect(303, `/meetups/${id}/invitations`);
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
    req.session.flash = translate(viewerLocale(req), 'inv.flash.putBack');
    res.redirect(303, `/meetups/${id}/invitees`);
  }

  private async proposalPage(
    id: number,
    locale: Locale,
    state: { limit?: number; q?: string; exclude?: string[]; add?: string[] },
  ) {
    const meetup = await this.waves.meetup(id);
    const exclude = new Set(state.exclude ?? []);
    const add = new Set(state.add ?? []);
    const proposal = await this.waves.proposal(id, state.limit);
    const lines = (breakdown: ScoreLine[]) =>
      breakdown.map((l) => ({
        label: translate(locale, `inv.factor.${l.factor}`),
        points: signed(l.points),
        explanation: l.explanation[locale],
      }));
    const ranked = proposal.invitees.map((r) => ({
      ...r,
      lines: lines(r.breakdown),
      excluded: exclude.has(r.memberId),
      added: add.has(r.memberId),
    }));
    const rankedIds = new Set(ranked.map((r) => r.memberId));
    // Picked by hand from earlier searches (or below the list's end): shown ticked, so they stay picked.
    const picked = (
      await this.selection.byIds(
        meetup,
        [...add].filter((m) => !rankedIds.has(m)),
      )
    ).map((m) => ({
      ...m,
      lines: lines(m.breakdown),
    }));
    const shown = new Set([...rankedIds, ...picked.map((p) => p.memberId)]);
    let results: unknown[] = [];
    if (state.q) {
      const found = (await this.members.search({ q: state.q, limit: 20 })).members.filter((m) => !shown.has(m.id));
      const facts = await this.selection.byIds(
        meetup,
        found.map((m) => m.id),
      );
      results = found.map((m) => {
        const f = facts.find((x) => x.memberId === m.id);
        return {
          ...m,
          score: f?.score ?? null,
          blocked: m.unsubscribedAt
            ? translate(locale, 'inv.unsubscribed')
            : f?.alreadyInvited
              ? translate(locale, 'inv.alreadyInvited')
              : null,
        };
      });
    }
    return {
      title: `${translate(locale, 'inv.invitees')} · ${meetup.title}`,
      meetup,
      nextWave: proposal.nextWave,
      waveReason: translate(locale, `inv.reason.${proposal.nextWave.reason}`),
      proposed: ranked.filter((r) => r.proposed),
      below: ranked.filter((r) => !r.proposed),
      proposedIds: ranked
        .filter((r) => r.proposed)
        .map((r) => r.memberId)
        .join(','),
      picked,
      q: state.q ?? '',
      searched: state.q !== undefined,
      results,
      excluded: proposal.excluded,
      limit: state.limit ?? '',
    };
  }

  private listRow(row: StaffInvitationRow & { withdrawable: boolean }, locale: Locale) {
    const reasons = (row.flags ?? []).flatMap((f) =>
      (f.reasons ?? []).map((r) => (typeof r === 'string' ? r : (r[locale] ?? r.en ?? ''))),
    );
    return { ...row, stateLabel: translate(locale, `inv.state.${row.state}`), reasons: [...new Set(reasons)] };
  }
}
