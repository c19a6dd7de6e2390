import { automatedAnswerFlags, RsvpEvent } from './automated-answer';

const t0 = Date.parse('2026-11-20T08:00:00Z');
const at = (s: number) => new Date(t0 + s * 1000);
const delivered: RsvpEvent = { type: 'delivered', at: at(0) };
const signs = (events: RsvpEvent[]) => automatedAnswerFlags(events).map((f) => f.sign);

describe('automated answer flags', () => {
  it('flags nothing for a person who reads the page and answers later', () => {
    expect(
      signs([
        delivered,
        { type: 'view', at: at(3600), method: 'GET' },
        { type: 'answer', at: at(3700), answer: 'accept' },
        { type: 'answer', at: at(90_000), answer: 'decline' },
      ]),
    ).toEqual([]);
  });

  it('flags HEAD requests, and a HEAD does not count as a page view', () => {
    expect(
      signs([
        delivered,
        { type: 'view', at: at(5), method: 'HEAD' },
        { type: 'answer', at: at(600), answer: 'accept' },
      ]),
    ).toEqual(['head-request', 'no-page-view']);
  });

  it('flags an accept and a decline within a few seconds', () => {
    const flags = automatedAnswerFlags([
      delivered,
      { type: 'view', at: at(300), method: 'GET' },
      { type: 'answer', at: at(301), answer: 'accept' },
      { type: 'answer', at: at(303), answer: 'decline' },
    ]);
    expect(flags.map((f) => f.sign)).toEqual(['flip-flop']);
    expect(flags[0].reason.en).toBe('Changed from "accept" to "decline" within 2 s');
    expect(flags[0].reason['zh-CN']).toBe('2 秒内从「接受」改为「拒绝」');
    expect(flags[0].at).toEqual(at(303));
  });

  it('does not flag the same answer repeated, or a change after the window', () => {
    expect(
      signs([
        { type: 'view', at: at(300), method: 'GET' },
        { type: 'answer', at: at(301), answer: 'accept' },
        { type: 'answer', at: at(302), answer: 'accept' },
        { type: 'answer', at: at(312), answer: 'decline' },
      ]),
    ).toEqual([]);
  });

  it('flags an answer right after delivery, and sorts events given out of order', () => {
    const flags = automatedAnswerFlags([
      { type: 'answer', at: at(20), answer: 'decline' },
      { type: 'view', at: at(19), method: 'GET' },
      delivered,
    ]);
    expect(flags.map((f) => f.sign)).toEqual(['fast-after-delivery']);
    expect(flags[0].reason['zh-CN']).toBe('邮件送达后 20 秒即回复');
  });

  it('flags a POST with no page view before it, even if a view comes later', () => {
    expect(
      signs([
        delivered,
        { type: 'answer', at: at(400), answer: 'accept' },
        { type: 'view', at: at(500), method: 'GET' },
      ]),
    ).toEqual(['no-page-view']);
  });

  it('follows the settings', () => {
    const events: RsvpEvent[] = [
      delivered,
      { type: 'view', at: at(1), method: 'GET' },
      { type: 'answer', at: at(100), answer: 'accept' },
    ];
    expect(automatedAnswerFlags(events, { flipFlopSeconds: 10, afterDeliverySeconds: 120 }).map((f) => f.sign)).toEqual(
      ['fast-after-delivery'],
    );
  });
});
