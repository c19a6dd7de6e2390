import type { Locale } from '../../common/locale';
import { translate } from '../../common/strings';
import type { Meetup } from '../../meetups/meetup.entity';
import { rsvpFunnelSvg } from './funnel-chart';
import type { StaffInvitationRow } from './invitation-waves.repository';
import type { Proposal } from './invitation-waves.service';
import type { InvitationsOverview } from './invitations-overview.service';
import type { ScoreLine } from './invitee-score';
import type { InviteeSelectionService } from './invitee-selection.service';

/** Members with their score for the meetup, as InviteeSelectionService.byIds answers. */
type ScoredMembers = Awaited<ReturnType<InviteeSelectionService['byIds']>>;

/** What the proposal page's one form carries between its rounds: the list's length, the search, the ticks. */
export interface ProposalFormState {
  limit?: number;
  q?: string;
  exclude?: string[];
  add?: string[];
}

/** What the proposal page shows, as read: the ranking, members picked by hand, and the search's finds. */
export interface ProposalFacts {
  meetup: Meetup;
  proposal: Proposal;
  picked: ScoredMembers;
  /** Members the search found that are not on the page yet (none when nothing was searched). */
  found: { id: string; unsubscribedAt: Date | null }[];
  foundScores: ScoredMembers;
}

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');

function listRow(row: StaffInvitationRow & { withdrawable: boolean }, locale: Locale) {
  const reasons = (row.flags ?? []).flatMap((f) =>
    (f.reasons ?? []).map((r) => (typeof r === 'string' ? r : (r[locale] ?? r.en ?? ''))),
  );
  // An unanswered invitation of a member who unsubscribed will stay unanswered: no reminder or offer reaches them.
  const state = row.unsubscribed && row.state === 'pending' ? 'unsubscribed' : row.state;
  return { ...row, stateLabel: translate(locale, `inv.state.${state}`), reasons: [...new Set(reasons)] };
}

/** The invitations page (views/invitations/overview.hbs): the list with its funnel and wave controls. */
export function overviewPage(overview: InvitationsOverview, locale: Locale) {
  const { settings, ...o } = overview;
  return {
    title: `${translate(locale, 'inv.invitations')} · ${o.meetup.title}`,
    ...o,
    // Not `settings`: Express reads that key of the render options as the app's own settings.
    waveSettings: settings,
    funnelSvg: rsvpFunnelSvg(o.funnel, locale),
    withdrawn: o.counts.cancelled,
    waveReason: translate(locale, `inv.reason.${o.nextWave.reason}`),
    stillLow: o.lowTurnout ? o.counts.accepted < o.meetup.capacityMin : false,
    invitations: o.invitations.map((row) => listRow(row, locale)),
  };
}

/** The proposal page (views/invitations/invitees.hbs): the ranked members with the ticks kept, and the search. */
export function proposalPage(facts: ProposalFacts, state: ProposalFormState, locale: Locale) {
  const { meetup, proposal } = facts;
  const exclude = new Set(state.exclude ?? []);
  const add = new Set(state.add ?? []);
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
  // Picked by hand from earlier searches (or below the list's end): shown ticked, so they stay picked.
  const picked = facts.picked.map((m) => ({ ...m, lines: lines(m.breakdown) }));
  const results = state.q
    ? facts.found.map((m) => {
        const f = facts.foundScores.find((x) => x.memberId === m.id);
        return {
          ...m,
          score: f?.score ?? null,
          blocked: m.unsubscribedAt
            ? translate(locale, 'inv.unsubscribed')
            : f?.alreadyInvited
              ? translate(locale, 'inv.alreadyInvited')
              : null,
        };
      })
    : [];
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
