import { rsvpFunnelSvg, RsvpFunnelCounts } from './funnel-chart';

const counts: RsvpFunnelCounts = {
  invited: 50,
  accepted: 26,
  offered: 4,
  declined: 8,
  waitlisted: 5,
  expired: 4,
  pending: 3,
  checkedIn: 27,
};
const widths = (svg: string) => [...svg.matchAll(/width="([\d.]+)" height="24"/g)].map((m) => Number(m[1]));

describe('RSVP funnel chart', () => {
  it('is an accessible SVG image with a title, a description and text labels', () => {
    const svg = rsvpFunnelSvg(counts);
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="rsvp-funnel-title rsvp-funnel-desc">/);
    expect(svg).toContain('<title id="rsvp-funnel-title">RSVP funnel</title>');
    expect(svg).toContain(
      '50 invited: 26 accepted, 4 holding a seat offer, 5 waitlisted, 8 declined, 4 expired, 3 not answered yet; 27 checked in.',
    );
    for (const label of [
      'Invited 50',
      'Accepted 26',
      'Seat offered 4',
      'Declined 8',
      'Waitlisted 5',
      'Expired 4',
      'Checked in 27',
    ]) {
      expect(svg).toContain(`>${label}</text>`);
    }
  });

  it('draws widths proportional to the invited count, the answers adding up to it', () => {
    const [invited, accepted, offered, waitlisted, declined, expired, pending, checkedIn] = widths(
      rsvpFunnelSvg(counts),
    );
    expect(accepted / invited).toBeCloseTo(26 / 50, 2);
    expect(offered / invited).toBeCloseTo(4 / 50, 2);
    expect(accepted + offered + waitlisted + declined + expired + pending).toBeCloseTo(invited, 0);
    expect(checkedIn / invited).toBeCloseTo(27 / 50, 2);
  });

  it('speaks Chinese, handles an empty meetup and refuses bad counts', () => {
    expect(rsvpFunnelSvg(counts, 'zh-CN')).toContain('>已接受 26</text>');
    const empty = rsvpFunnelSvg({
      ...counts,
      invited: 0,
      accepted: 0,
      offered: 0,
      declined: 0,
      waitlisted: 0,
      expired: 0,
      pending: 0,
      checkedIn: 0,
    });
    expect(widths(empty).every((w) => w === 0)).toBe(true);
    expect(() => rsvpFunnelSvg({ ...counts, accepted: -1 })).toThrow(/accepted/);
  });

  it('takes only a plain identifier as its id', () => {
    expect(() => rsvpFunnelSvg(counts, 'en', 'x" onload="alert(1)')).toThrow(/id/);
    expect(rsvpFunnelSvg(counts, 'en', 'meetup-12-funnel')).toContain('aria-labelledby="meetup-12-funnel-title');
  });

  it('keeps the answer labels apart however thin a segment is', () => {
    const svg = rsvpFunnelSvg({
      ...counts,
      invited: 50,
      accepted: 1,
      offered: 0,
      waitlisted: 0,
      declined: 0,
      expired: 0,
      pending: 49,
    });
    const labels = [...svg.matchAll(/<text x="([\d.]+)" y="96"[^>]*>([^<]+)<\/text>/g)].map((m) => ({
      x: Number(m[1]),
      text: m[2],
    }));
    expect(labels.map((l) => l.text)).toEqual(['Accepted 1', 'No answer yet 49']);
    // The second starts after the first's text ends (7 px a Latin character at 12 px is generous).
    expect(labels[1].x).toBeGreaterThan(labels[0].x + labels[0].text.length * 7);
  });
});
