/**
 * The RSVP funnel as a server-side SVG for the meetup page: invited → answers → checked in.
 *
 * Drawn on the server so the page needs no script and prints; widths are proportional to the
 * invited count. Accessible: role="img" with <title> and <desc> (the whole funnel in a sentence),
 * and every segment carries a text label with its count, so colour is never the only cue.
 */
export interface RsvpFunnelCounts {
  invited: number;
  accepted: number;
  /**
   * Waitlisted members holding an open seat offer: the offer holds a seat, so the meetup's
   * seats_taken counts them with the accepted ones. Their own segment, so accepted + offered
   * matches the header's "seats taken" and waitlisted its "waiting".
   */
  offered: number;
  declined: number;
  /** Waiting in line without an offer. */
  waitlisted: number;
  expired: number;
  /** Not answered yet; shown so the answer row adds up to the invited count. */
  pending: number;
  checkedIn: number;
}

export type FunnelLocale = 'en' | 'zh-CN';

const LABELS: Record<FunnelLocale, Record<keyof RsvpFunnelCounts | 'title' | 'answers', string>> = {
  en: {
    title: 'RSVP funnel',
    answers: 'Answers',
    invited: 'Invited',
    accepted: 'Accepted',
    offered: 'Seat offered',
    declined: 'Declined',
    waitlisted: 'Waitlisted',
    expired: 'Expired',
    pending: 'No answer yet',
    checkedIn: 'Checked in',
  },
  'zh-CN': {
    title: '报名漏斗',
    answers: '回复',
    invited: '已邀请',
    accepted: '已接受',
    offered: '座位待确认',
    declined: '已拒绝',
    waitlisted: '候补',
    expired: '已过期',
    pending: '未回复',
    checkedIn: '已签到',
  },
};

const COLOURS: Record<keyof RsvpFunnelCounts, string> = {
  invited: '#4a5568',
  accepted: '#2f855a',
  offered: '#68d391',
  declined: '#c53030',
  waitlisted: '#b7791f',
  expired: '#718096',
  pending: '#a0aec0',
  checkedIn: '#2b6cb0',
};

const WIDTH = 640;
const LABEL_WIDTH = 120;
const BAR = WIDTH - LABEL_WIDTH - 10;
const ROW = 56;

/** Rough width of a 12px label: CJK characters are about twice as wide as Latin ones. */
const textWidth = (text: string) =>
  [...text].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 12 : 7), 0);

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function rsvpFunnelSvg(counts: RsvpFunnelCounts, locale: FunnelLocale = 'en', id = 'rsvp-funnel'): string {
  // The id lands in attributes; a plain identifier cannot break out of them.
  if (!/^[A-Za-z][\w-]*$/.test(id)) throw new RangeError('id must be a plain identifier');
  for (const [k, v] of Object.entries(counts)) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${k} must be a non-negative integer`);
  }
  const l = LABELS[locale];
  const scale = (n: number) => (counts.invited > 0 ? (n / counts.invited) * BAR : 0);
  const parts: string[] = [];
  const segment = (key: keyof RsvpFunnelCounts, x: number, y: number) => {
    const w = scale(counts[key]);
    const label = `${l[key]} ${counts[key]}`;
    parts.push(
      `<g><rect x="${(LABEL_WIDTH + x).toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="24" fill="${COLOURS[key]}"/>` +
        `<text x="${(LABEL_WIDTH + x + 2).toFixed(1)}" y="${y + 40}" font-size="12" fill="#1a202c">${escapeXml(label)}</text></g>`,
    );
    return w;
  };
  const rowLabel = (text: string, y: number) =>
    parts.push(`<text x="0" y="${y + 17}" font-size="13" font-weight="bold" fill="#1a202c">${escapeXml(text)}</text>`);

  rowLabel(l.invited, 0);
  segment('invited', 0, 0);
  rowLabel(l.answers, ROW);
  // The answers share one bar, so a thin segment's label would sit on its neighbour's: they go in a
  // legend under the bar instead, each with a swatch of its segment's colour.
  let x = 0;
  let legendX = LABEL_WIDTH;
  for (const key of ['accepted', 'offered', 'waitlisted', 'declined', 'expired', 'pending'] as const) {
    if (counts[key] === 0) continue;
    const w = scale(counts[key]);
    const label = `${l[key]} ${counts[key]}`;
    parts.push(
      `<g><rect x="${(LABEL_WIDTH + x).toFixed(1)}" y="${ROW}" width="${w.toFixed(1)}" height="24" fill="${COLOURS[key]}"/>` +
        `<rect x="${legendX}" y="${ROW + 31}" width="10" height="10" fill="${COLOURS[key]}"/>` +
        `<text x="${legendX + 14}" y="${ROW + 40}" font-size="12" fill="#1a202c">${escapeXml(label)}</text></g>`,
    );
    x += w;
    legendX += 14 + textWidth(label) + 14;
  }
  rowLabel(l.checkedIn, 2 * ROW);
  segment('checkedIn', 0, 2 * ROW);

  const desc =
    locale === 'zh-CN'
      ? `已邀请 ${counts.invited} 人：已接受 ${counts.accepted}，座位待确认 ${counts.offered}，候补 ${counts.waitlisted}，已拒绝 ${counts.declined}，已过期 ${counts.expired}，未回复 ${counts.pending}；已签到 ${counts.checkedIn}。`
      : `${counts.invited} invited: ${counts.accepted} accepted, ${counts.offered} holding a seat offer, ${counts.waitlisted} waitlisted, ${counts.declined} declined, ${counts.expired} expired, ${counts.pending} not answered yet; ${counts.checkedIn} checked in.`;
  const height = 3 * ROW;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" ` +
    `role="img" aria-labelledby="${id}-title ${id}-desc">` +
    `<title id="${id}-title">${escapeXml(l.title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>` +
    parts.join('') +
    `</svg>`
  );
}
