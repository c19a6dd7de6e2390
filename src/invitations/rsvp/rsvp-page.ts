import type { Request } from 'express';
import type { RequestMeta, RsvpView } from './rsvp.service';

const CHANGES = ['accepted', 'declined', 'waitlisted', 'offer-accepted', 'offer-declined', 'left-waitlist'];

export function requestMeta(req: Request): RequestMeta {
  return { ip: req.ip, userAgent: req.headers['user-agent']?.slice(0, 300) };
}

/** What the template needs beside the view: which sentence to show for the state and why answers are closed. */
export function rsvpPageView(view: RsvpView, token: string, changed?: string) {
  const offered = view.state === 'waitlisted' && view.offerExpires !== null;
  const closed = view.window.closed;
  return {
    title: view.meetup.title,
    bare: true,
    locale: view.locale,
    token,
    rsvp: view,
    offered,
    waitlisted: view.state === 'waitlisted' && !offered,
    // Only the buttons that would change something: not "accept" again once coming or waiting in line.
    showAccept: view.window.canAccept && view.state !== 'accepted' && !(view.state === 'waitlisted' && !offered),
    showDecline: view.window.canDecline && view.state !== 'declined',
    stateKey: offered ? 'state.offered' : `state.${view.state}`,
    stateArg: offered ? view.offerExpires : view.position,
    closedKey: !closed
      ? null
      : closed === 'deadline' && view.window.canDecline
        ? 'closed.deadlineStepBack'
        : `closed.${closed}`,
    changed: changed && CHANGES.includes(changed) ? `changed.${changed}` : null,
  };
}
