import { DateTime } from 'luxon';
import type { Locale } from '../../common/locale';
import { Params, positional, StringKey } from '../../common/strings';
import { localTime } from '../core/invitation-mail';
import type { CheckInWindow } from '../core/meetup-timeline';
import type { CheckInResult, ScanView } from './check-in.service';

/** Why the door is closed, as the page's sentence key and its argument. */
export function closedNotice(window: CheckInWindow, zone: string, locale: Locale) {
  if (window.open) return { closedKey: null, closedArg: null };
  const at = window.closed === 'too-early' ? window.opensAt : window.closesAt;
  return {
    closedKey: `checkIn.closed.${window.closed}`,
    closedArg: localTime(at, zone, locale),
  };
}

/** What the scan page says about the person in front of the steward. */
function verdict(scan: ScanView) {
  const a = scan.attendee;
  if (a.state === 'accepted' && a.checkedInAt) {
    return { verdict: 'arrived', stateKey: a.checkedInBy ? 'door.arrivedBy' : 'door.arrived' };
  }
  if (a.state === 'accepted') return { verdict: 'ok', stateKey: 'door.accepted' };
  if (a.state === 'waitlisted' && a.offerExpiresAt) return { verdict: 'refuse', stateKey: 'door.offered' };
  return { verdict: 'refuse', stateKey: `door.${a.state}` };
}

/** The page a scanned QR code opens (views/check-in/scan.hbs): who it is, and whether they may come in. */
export function scanPage(scan: ScanView, code: string, locale: Locale) {
  const { verdict: v, stateKey } = verdict(scan);
  const zone = scan.meetup.timeZone;
  const a = scan.attendee;
  return {
    title: a.name,
    scan,
    code,
    verdict: v,
    stateKey,
    stateArg: a.checkedInAt ? DateTime.fromJSDate(a.checkedInAt, { zone }).toFormat('HH:mm') : scan.position,
    stateArg2: a.checkedInBy,
    canMark: v === 'ok' && scan.window.open,
    canUndo: v === 'arrived' && scan.window.open,
    ...closedNotice(scan.window, zone, locale),
  };
}

/** What the next page tells the steward about the change just asked for (or why nothing changed). */
export function doorNote(result: CheckInResult, action: 'arrive' | 'undo'): [StringKey, Params] {
  const name = positional(result.attendee.name);
  if (action === 'arrive') return [result.changed ? 'flash.arrived' : 'flash.alreadyArrived', name];
  return [result.changed ? 'flash.undone' : 'flash.notArrived', name];
}
