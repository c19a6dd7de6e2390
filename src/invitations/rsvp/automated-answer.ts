/**
 * Flags RSVP answers that look like a mail scanner rather than a person.
 *
 * Corporate link scanners open links (often with HEAD), and some press buttons too, seconds to
 * minutes after delivery. We never block on these signs — a real member may be quick — we log
 * them and show them to staff beside the answer; "last answer wins" and the confirmation email
 * let the member undo what a scanner did. Input is the invitation's event log (delivery, page
 * views, answers) in any order; output is one flag per suspicious sign with a reason.
 */
import type { RsvpAnswer } from './rsvp-rules';

/** The buttons' own words on the Chinese RSVP page. */
const ANSWER_ZH: Record<RsvpAnswer, string> = { accept: '接受', decline: '拒绝' };

export type RsvpEvent =
  | { type: 'delivered'; at: Date }
  | { type: 'view'; at: Date; method: 'GET' | 'HEAD' }
  | { type: 'answer'; at: Date; answer: RsvpAnswer };

export interface AutomatedAnswerSettings {
  /** Accept and decline closer together than this look like a scanner pressing every button. */
  flipFlopSeconds: number;
  /** An answer this soon after delivery is suspicious. */
  afterDeliverySeconds: number;
}

export const DEFAULT_AUTOMATED_ANSWER: AutomatedAnswerSettings = {
  flipFlopSeconds: 10,
  afterDeliverySeconds: 60,
};

export type AutomatedSign = 'head-request' | 'flip-flop' | 'no-page-view' | 'fast-after-delivery';

export interface AutomatedAnswerFlag {
  sign: AutomatedSign;
  at: Date;
  reason: { en: string; 'zh-CN': string };
}

const seconds = (a: Date, b: Date) => Math.abs(a.getTime() - b.getTime()) / 1000;

export function automatedAnswerFlags(
  events: readonly RsvpEvent[],
  settings: AutomatedAnswerSettings = DEFAULT_AUTOMATED_ANSWER,
): AutomatedAnswerFlag[] {
  const log = [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
  const flags: AutomatedAnswerFlag[] = [];
  const delivered = log.find((e) => e.type === 'delivered');
  let viewed = false;
  let previous: Extract<RsvpEvent, { type: 'answer' }> | undefined;

  for (const e of log) {
    if (e.type === 'view') {
      if (e.method === 'HEAD') {
        flags.push({
          sign: 'head-request',
          at: e.at,
          reason: {
            en: 'The link was fetched with HEAD (typical of link scanners)',
            'zh-CN': '链接被 HEAD 请求访问（常见于邮件扫描程序）',
          },
        });
      } else {
        viewed = true;
      }
      continue;
    }
    if (e.type !== 'answer') continue;
    if (!viewed) {
      flags.push({
        sign: 'no-page-view',
        at: e.at,
        reason: {
          en: `Answered "${e.answer}" without opening the invitation page first`,
          'zh-CN': `未打开邀请页面就直接回复「${ANSWER_ZH[e.answer]}」`,
        },
      });
    }
    if (delivered && seconds(e.at, delivered.at) < settings.afterDeliverySeconds) {
      const s = Math.round(seconds(e.at, delivered.at));
      flags.push({
        sign: 'fast-after-delivery',
        at: e.at,
        reason: { en: `Answered ${s} s after the email was delivered`, 'zh-CN': `邮件送达后 ${s} 秒即回复` },
      });
    }
    if (previous && previous.answer !== e.answer && seconds(e.at, previous.at) < settings.flipFlopSeconds) {
      const s = Math.round(seconds(e.at, previous.at));
      flags.push({
        sign: 'flip-flop',
        at: e.at,
        reason: {
          en: `Changed from "${previous.answer}" to "${e.answer}" within ${s} s`,
          'zh-CN': `${s} 秒内从「${ANSWER_ZH[previous.answer]}」改为「${ANSWER_ZH[e.answer]}」`,
        },
      });
    }
    previous = e;
  }
  return flags;
}

/**
 * Signs that the answer being given looks like a mail scanner's, from the
 * invitation's log (page views, HEAD requests, earlier answers, delivery).
 * Never blocks the answer: the confirmation email lets the member undo it.
 */
export function scannerSigns(log: { kind: string; at: Date }[], answer: RsvpAnswer, now: Date): AutomatedAnswerFlag[] {
  const events: RsvpEvent[] = log.map((e) =>
    e.kind === 'delivered'
      ? { type: 'delivered', at: e.at }
      : e.kind === 'view' || e.kind === 'head'
        ? { type: 'view', at: e.at, method: e.kind === 'head' ? 'HEAD' : 'GET' }
        : { type: 'answer', at: e.at, answer: e.kind as RsvpAnswer },
  );
  // Signs since the member's previous answer belong to this one (a scanner's HEAD, then its POST).
  const previous = Math.max(-Infinity, ...events.filter((e) => e.type === 'answer').map((e) => e.at.getTime()));
  events.push({ type: 'answer', at: now, answer });
  return automatedAnswerFlags(events).filter((f) => f.at.getTime() > previous);
}

/** How the flags are stored in the invitation's log (event 'looks-automated'). */
export const automatedDetail = (flags: AutomatedAnswerFlag[]) => ({
  signs: flags.map((f) => f.sign),
  reasons: flags.map((f) => f.reason),
});
