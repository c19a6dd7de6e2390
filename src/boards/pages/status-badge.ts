import { createHash } from 'node:crypto';

export interface BadgeInput {
  status: string;
  /** The status as words, in the badge's language. */
  statusLabel: string;
  engineerCode: string | null;
  votesLabel: string;
}

const COLOURS: Record<string, string> = {
  received: '#6b7280',
  under_review: '#2563eb',
  planned: '#7c3aed',
  in_progress: '#d97706',
  shipped: '#15803d',
  declined: '#b91c1c',
  duplicate: '#6b7280',
};

const escapeXml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** Rough text width: wide (CJK) characters count double. Good enough for a badge. */
const widthOf = (s: string) => [...s].reduce((w, c) => w + (c.codePointAt(0)! > 0x2e80 ? 12 : 7), 0) + 12;

/** A shields-style SVG: status (coloured), the handler's engineer ID, the votes. No script, no external references. */
export function statusBadge(input: BadgeInput): string {
  const parts = [
    { text: input.statusLabel, fill: COLOURS[input.status] ?? '#6b7280' },
    ...(input.engineerCode ? [{ text: input.engineerCode, fill: '#374151' }] : []),
    { text: input.votesLabel, fill: '#4b5563' },
  ];
  let x = 0;
  const shapes = parts
    .map((p) => {
      const w = widthOf(p.text);
      const out =
        `<rect x="${x}" width="${w}" height="20" fill="${p.fill}"/>` +
        `<text x="${x + w / 2}" y="14" text-anchor="middle">${escapeXml(p.text)}</text>`;
      x += w;
      return out;
    })
    .join('');
  const title = escapeXml([input.statusLabel, input.engineerCode, input.votesLabel].filter(Boolean).join(' · '));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${x}" height="20" role="img" aria-label="${title}">` +
    `<title>${title}</title><g font-family="Verdana,DejaVu Sans,PingFang SC,sans-serif" font-size="11" fill="#fff">` +
    `${shapes}</g></svg>`
  );
}

/** A strong ETag of the badge's bytes. */
export const badgeEtag = (svg: string) => `"${createHash('sha256').update(svg).digest('base64url').slice(0, 27)}"`;
