import {
  compareInvitees,
  DEFAULT_INVITEE_SCORE,
  InviteeFacts,
  inviteeScoreSql,
  inviteeScoreSqlParts,
  reinviteCutoff,
  scoreInvitee,
} from './invitee-score';

const meetupDate = '2026-12-05';
const startsAt = new Date('2026-12-05T11:00:00Z');
const member = (over: Partial<InviteeFacts> = {}): InviteeFacts => ({
  memberId: '10',
  forumPosts: 100,
  honorary: false,
  registeredOn: '2023-12-05',
  attendedCount: 1,
  noShowCount: 0,
  invitedCount: 1,
  lastInvitedAt: new Date('2025-01-01T00:00:00Z'),
  unsubscribedAt: null,
  ...over,
});
const total = (over: Partial<InviteeFacts>) => {
  const s = scoreInvitee(member(over), meetupDate, startsAt);
  return s.included ? s.total : s.reason;
};

describe('invitee score', () => {
  it('breaks the total down into factors that add up, with English and Chinese explanations', () => {
    const s = scoreInvitee(member({ honorary: true, attendedCount: 0, noShowCount: 1 }), meetupDate, startsAt);
    if (!s.included) throw new Error('expected a score');
    expect(s.breakdown.map((l) => [l.factor, l.points])).toEqual([
      ['activity', 46], // floor(10 × ln 101)
      ['honorary', 30],
      ['first-meetup', 25],
      ['tenure', 12], // exactly 3 years on the meetup date
      ['past-invitations', -3],
      ['no-shows', -20],
    ]);
    expect(s.total).toBe(90);
    for (const l of s.breakdown) {
      expect(l.explanation.en).not.toBe('');
      expect(l.explanation['zh-CN']).not.toBe('');
    }
    expect(s.breakdown[0].explanation['zh-CN']).toBe('论坛发帖 100 篇');
  });

  it('gives activity diminishing returns', () => {
    const activity = (posts: number) => total({ forumPosts: posts }) as number;
    expect(activity(1000) - activity(100)).toBeLessThan(activity(100) - activity(0));
    expect(activity(0)).toBe(activity(100) - 46);
  });

  it('counts tenure in full years up to the cap, and none for registrations after the meetup', () => {
    expect(total({ registeredOn: '2024-12-06' })).toBe((total({ registeredOn: '2024-12-05' }) as number) - 4);
    expect(total({ registeredOn: '2001-01-01' })).toBe(total({ registeredOn: '2021-12-05' }) as number);
    expect(total({ registeredOn: '2027-01-01' })).toBe(total({ registeredOn: '2026-12-04' }));
  });

  it('caps the invitation and no-show penalties', () => {
    expect(total({ invitedCount: 50 })).toBe(total({ invitedCount: 10 }));
    expect(total({ noShowCount: 9 })).toBe((total({ noShowCount: 0 }) as number) - 60);
  });

  it('excludes unsubscribed members and members invited within the re-invite window', () => {
    expect(total({ unsubscribedAt: new Date('2020-01-01') })).toBe('unsubscribed');
    const cutoff = reinviteCutoff(startsAt);
    expect(cutoff.toISOString()).toBe('2026-06-08T11:00:00.000Z');
    expect(total({ lastInvitedAt: new Date(cutoff.getTime() + 1) })).toBe('invited-recently');
    expect(typeof total({ lastInvitedAt: cutoff })).toBe('number');
    const late = scoreInvitee(member({ lastInvitedAt: new Date('2026-11-20T00:00:00Z') }), meetupDate, startsAt, {
      ...DEFAULT_INVITEE_SCORE,
      reinviteWindowDays: 30,
    });
    expect(late.included).toBe(false);
    if (!late.included) expect(late.explanation.en).toBe('Invited on 2026-11-20, within 30 days of this meetup');
  });

  it('orders by score, then by the smaller member id', () => {
    const ranked = [
      { memberId: '9', total: 50 },
      { memberId: '100', total: 70 },
      { memberId: '12', total: 50 },
      { memberId: '10', total: 50 },
    ].sort(compareInvitees);
    expect(ranked.map((r) => r.memberId)).toEqual(['100', '9', '10', '12']);
  });
});

describe('invitee score in SQL', () => {
  it('writes the same formula over member columns with the meetup date as a parameter', () => {
    const sql = inviteeScoreSql('m', '$2');
    expect(sql).toContain('floor(10 * ln(1 + greatest(m.forum_posts, 0)))::int');
    expect(sql).toContain('CASE WHEN m.honorary THEN 30 ELSE 0 END');
    expect(sql).toContain('CASE WHEN m.attended_count = 0 THEN 25 ELSE 0 END');
    expect(sql).toContain('(least(greatest($2::date - m.registered_on, 0), 5 * 365) / 365) * 4');
    expect(sql).toContain('least(m.invited_count, 10) * -3');
    expect(sql).toContain('least(m.no_show_count, 3) * -20');
  });

  it('splits off the date-dependent tenure with its maximum, for the two-step ranking', () => {
    const parts = inviteeScoreSqlParts('m', '$2');
    expect(parts.base).not.toContain('$2');
    expect(parts.tenure).toContain('$2::date - m.registered_on');
    expect(parts.tenureMax).toBe(20);
    expect(inviteeScoreSql('m', '$2')).toBe(`${parts.base} + ${parts.tenure}`);
  });

  it('refuses settings and names that could inject SQL or break integer agreement', () => {
    expect(() => inviteeScoreSql('m; drop', '$2')).toThrow(/alias/);
    expect(() => inviteeScoreSql('m', "'x'")).toThrow(/placeholder/);
    expect(() => inviteeScoreSql('m', '$2', { ...DEFAULT_INVITEE_SCORE, honoraryBonus: 2.5 })).toThrow(/honoraryBonus/);
    expect(() => inviteeScoreSql('m', '$2', { ...DEFAULT_INVITEE_SCORE, activityWeight: NaN })).toThrow(
      /activityWeight/,
    );
    expect(inviteeScoreSql('m', '$2', { ...DEFAULT_INVITEE_SCORE, activityWeight: 7.5 })).toContain('floor(7.5 * ln');
  });
});
