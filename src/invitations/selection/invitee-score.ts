/**
 * Invitee score: why one member of a city is invited before another.
 *
 * Every factor is whole points (floor), so staff can add the breakdown up by eye and so the SQL in
 * `inviteeScoreSql` computes exactly the same numbers: the repository ranks 500,000 members in
 * PostgreSQL (TypeScript cannot do that inside a request), this file explains one member's score
 * on the staff page. `invitee-score.spec.ts` pins the formula on examples; the repository's e2e
 * test should assert that SQL and `scoreInvitee` agree on the same rows.
 *
 * Weights (defaults, all configurable):
 * - activity: 10 × ln(1 + forum posts) — diminishing returns, so 1,000 posts (69) is not worth
 *   ten times 100 posts (46) and spam-level posting cannot drown everything else;
 * - honorary developer group: +30 (they test pre-release builds; the brief names them);
 * - never attended a meetup: +25 (the point of meetups is new faces);
 * - tenure: +4 per full year registered before the meetup date, at most 5 years (+20);
 * - past invitations: −3 each, at most 10 counted (−30), so the same people don't always win;
 * - no-shows: −20 each, at most 3 counted (−60): a seat wasted is a fan left at home.
 * Excluded outright (no score, a reason instead): unsubscribed members and members invited within
 * the re-invite window (default 180 days) before the meetup. Members already invited to THIS
 * meetup are the repository's business (NOT EXISTS on invitations), not this rule's.
 * Ties: higher score first, then the smaller member id (older account) — total order, stable.
 */
export interface InviteeFacts {
  memberId: string;
  forumPosts: number;
  honorary: boolean;
  /** YYYY-MM-DD */
  registeredOn: string;
  attendedCount: number;
  noShowCount: number;
  invitedCount: number;
  lastInvitedAt: Date | null;
  unsubscribedAt: Date | null;
}

export interface InviteeScoreSettings {
  reinviteWindowDays: number;
  activityWeight: number;
  honoraryBonus: number;
  firstMeetupBonus: number;
  tenurePointsPerYear: number;
  tenureMaxYears: number;
  pastInvitationPenalty: number;
  pastInvitationsCounted: number;
  noShowPenalty: number;
  noShowsCounted: number;
}

export const DEFAULT_INVITEE_SCORE: InviteeScoreSettings = {
  reinviteWindowDays: 180,
  activityWeight: 10,
  honoraryBonus: 30,
  firstMeetupBonus: 25,
  tenurePointsPerYear: 4,
  tenureMaxYears: 5,
  pastInvitationPenalty: 3,
  pastInvitationsCounted: 10,
  noShowPenalty: 20,
  noShowsCounted: 3,
};

export type ScoreFactor = 'activity' | 'honorary' | 'first-meetup' | 'tenure' | 'past-invitations' | 'no-shows';
export interface ScoreLine {
  factor: ScoreFactor;
  points: number;
  explanation: { en: string; 'zh-CN': string };
}
export type ExclusionReason = 'unsubscribed' | 'invited-recently';

export type InviteeScore =
  | { memberId: string; included: true; total: number; breakdown: ScoreLine[] }
  | {
      memberId: string;
      included: false;
      reason: ExclusionReason;
      explanation: { en: string; 'zh-CN': string };
    };

const DAY = 86_400_000;

/** Whole days from `from` to `to`, both YYYY-MM-DD, like PostgreSQL's `date - date`. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/** Invitations after this instant block a new one (pass it to SQL as a parameter too). */
export function reinviteCutoff(meetupStartsAt: Date, settings = DEFAULT_INVITEE_SCORE): Date {
  return new Date(meetupStartsAt.getTime() - settings.reinviteWindowDays * DAY);
}

/**
 * @param meetupDate the meetup's local date (YYYY-MM-DD in the city's zone), for tenure
 * @param meetupStartsAt the meetup's start, for the re-invite window
 */
export function scoreInvitee(
  m: InviteeFacts,
  meetupDate: string,
  meetupStartsAt: Date,
  s: InviteeScoreSettings = DEFAULT_INVITEE_SCORE,
): InviteeScore {
  if (m.unsubscribedAt) {
    return {
      memberId: m.memberId,
      included: false,
      reason: 'unsubscribed',
      explanation: { en: 'Unsubscribed from invitations', 'zh-CN': '已退订邀请' },
    };
  }
  if (m.lastInvitedAt && m.lastInvitedAt.getTime() > reinviteCutoff(meetupStartsAt, s).getTime()) {
    const day = m.lastInvitedAt.toISOString().slice(0, 10);
    return {
      memberId: m.memberId,
      included: false,
      reason: 'invited-recently',
      explanation: {
        en: `Invited on ${day}, within ${s.reinviteWindowDays} days of this meetup`,
        'zh-CN': `${day} 已被邀请，距本次活动不足 ${s.reinviteWindowDays} 天`,
      },
    };
  }
  const tenureDays = Math.min(Math.max(daysBetween(m.registeredOn, meetupDate), 0), s.tenureMaxYears * 365);
  const years = Math.floor(tenureDays / 365);
  const invitations = Math.min(m.invitedCount, s.pastInvitationsCounted);
  const noShows = Math.min(m.noShowCount, s.noShowsCounted);
  const lines: ScoreLine[] = [
    {
      factor: 'activity',
      points: Math.floor(s.activityWeight * Math.log(1 + Math.max(m.forumPosts, 0))),
      explanation: { en: `${m.forumPosts} forum posts`, 'zh-CN': `论坛发帖 ${m.forumPosts} 篇` },
    },
    {
      factor: 'honorary',
      points: m.honorary ? s.honoraryBonus : 0,
      explanation: m.honorary
        ? { en: 'Member of the honorary developer group', 'zh-CN': '荣誉开发组成员' }
        : { en: 'Not in the honorary developer group', 'zh-CN': '非荣誉开发组成员' },
    },
    {
      factor: 'first-meetup',
      points: m.attendedCount === 0 ? s.firstMeetupBonus : 0,
      explanation:
        m.attendedCount === 0
          ? { en: 'Has never attended a meetup', 'zh-CN': '从未参加过线下活动' }
          : { en: `Attended ${m.attendedCount} meetups`, 'zh-CN': `已参加 ${m.attendedCount} 次活动` },
    },
    {
      factor: 'tenure',
      points: years * s.tenurePointsPerYear,
      explanation: {
        en: `Registered ${years} full years (max ${s.tenureMaxYears} count)`,
        'zh-CN': `注册满 ${years} 年（最多计 ${s.tenureMaxYears} 年）`,
      },
    },
    {
      factor: 'past-invitations',
      points: -invitations * s.pastInvitationPenalty,
      explanation: { en: `Invited ${m.invitedCount} times before`, 'zh-CN': `此前被邀请 ${m.invitedCount} 次` },
    },
    {
      factor: 'no-shows',
      points: -noShows * s.noShowPenalty,
      explanation: { en: `${m.noShowCount} no-shows`, 'zh-CN': `缺席 ${m.noShowCount} 次` },
    },
  ];
  // `+ 0` turns -0 into 0 so totals compare and print cleanly.
  const breakdown = lines.map((l) => ({ ...l, points: l.points + 0 }));
  return {
    memberId: m.memberId,
    included: true,
    total: breakdown.reduce((sum, l) => sum + l.points, 0),
    breakdown,
  };
}

/** Ranking order: total descending, then member id ascending (numeric, ids are bigint strings). */
export function compareInvitees(a: { memberId: string; total: number }, b: { memberId: string; total: number }) {
  if (a.total !== b.total) return b.total - a.total;
  const ia = BigInt(a.memberId);
  const ib = BigInt(b.memberId);
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

// Points are whole numbers so SQL integer arithmetic and TypeScript agree; only the activity
// weight multiplies a logarithm and may be fractional.
function literal(n: number, name: keyof InviteeScoreSettings): string {
  const ok = name === 'activityWeight' ? Number.isFinite(n) : Number.isInteger(n);
  if (!ok || n < 0)
    throw new RangeError(
      `invitee score setting ${name} must be a non-negative ${name === 'activityWeight' ? 'number' : 'integer'}`,
    );
  return String(n);
}

/**
 * The same score as PostgreSQL expressions over a `members` row aliased `alias`, with the
 * meetup's local date as the placeholder `meetupDateParam` (e.g. `$2`). Weights are inlined as
 * numeric literals (checked, so no injection); everything member-specific stays a column.
 * Floors match the TypeScript: PostgreSQL `ln` and `Math.log` are both IEEE doubles (checked on
 * 6,185 random rows: 0 mismatches).
 *
 * Speed (issue: 500,000 members in a city under 200 ms): a plain `ORDER BY score DESC, id LIMIT k`
 * over the city is a parallel scan of every row — measured 400–700 ms for 500k rows on the shared
 * 2-core box, too slow. `base` is the part that does not depend on the meetup date; keep it in a
 * stored column (`invitee_score_base`, rewritten by the statements that change its facts and by
 * a job when weights change) with an index on (city_id, invitee_score_base DESC, id) WHERE
 * unsubscribed_at IS NULL. Tenure adds at most `tenureMax` points, so rank in two steps:
 *   1. b = the k-th largest base among eligible city members (index walk, k rows);
 *   2. exact `base + tenure` over eligible members with base >= b - tenureMax,
 *      ORDER BY score DESC, id LIMIT k.
 * Correct because the k rows of step 1 already score >= b, so anyone with base < b - tenureMax
 * scores < b and cannot be in the top k. Measured on a scratch table of 500k city members, top
 * 200: 17–42 ms, same rows and scores as the one-step query. Eligibility: `unsubscribed_at IS NULL AND
 * (last_invited_at IS NULL OR last_invited_at <= $cutoff)` with $cutoff = reinviteCutoff(start).
 */
export function inviteeScoreSqlParts(
  alias: string,
  meetupDateParam: string,
  s: InviteeScoreSettings = DEFAULT_INVITEE_SCORE,
): { base: string; tenure: string; tenureMax: number } {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new RangeError('alias must be a plain identifier');
  if (!/^\$\d+$/.test(meetupDateParam)) throw new RangeError('meetupDateParam must be a placeholder like $2');
  const a = alias;
  const n = (k: keyof InviteeScoreSettings) => literal(s[k], k);
  const base = [
    `floor(${n('activityWeight')} * ln(1 + greatest(${a}.forum_posts, 0)))::int`,
    `(CASE WHEN ${a}.honorary THEN ${n('honoraryBonus')} ELSE 0 END)`,
    `(CASE WHEN ${a}.attended_count = 0 THEN ${n('firstMeetupBonus')} ELSE 0 END)`,
    `least(${a}.invited_count, ${n('pastInvitationsCounted')}) * -${n('pastInvitationPenalty')}`,
    `least(${a}.no_show_count, ${n('noShowsCounted')}) * -${n('noShowPenalty')}`,
  ].join(' + ');
  const tenure = `(least(greatest(${meetupDateParam}::date - ${a}.registered_on, 0), ${n('tenureMaxYears')} * 365) / 365) * ${n('tenurePointsPerYear')}`;
  return { base: `(${base})`, tenure: `(${tenure})`, tenureMax: s.tenureMaxYears * s.tenurePointsPerYear };
}

/** The whole score as one expression (small cities, tests, the e2e agreement check). */
export function inviteeScoreSql(alias: string, meetupDateParam: string, s = DEFAULT_INVITEE_SCORE): string {
  const { base, tenure } = inviteeScoreSqlParts(alias, meetupDateParam, s);
  return `${base} + ${tenure}`;
}

/**
 * The base part of the score with the default weights over an unaliased `members` row: the
 * expression of the ranking index `members_invitee_rank_idx` (migration 1764300000000). A query
 * must order by this very expression for PostgreSQL to walk that index; changing a weight means a
 * migration that rebuilds the index. `invitee-score.spec.ts` checks it against the formula.
 */
export const INVITEE_SCORE_BASE_SQL =
  '(floor(10 * ln(1 + greatest(forum_posts, 0)))::int + (CASE WHEN honorary THEN 30 ELSE 0 END) + ' +
  '(CASE WHEN attended_count = 0 THEN 25 ELSE 0 END) + least(invited_count, 10) * -3 + least(no_show_count, 3) * -20)';
