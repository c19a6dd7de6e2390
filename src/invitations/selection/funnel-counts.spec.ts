import { funnelOf } from './invitations-overview.service';

describe('the RSVP funnel counts as the header does', () => {
  it('shows open offers as their own segment: accepted + offered = seats taken, waitlisted = waiting', () => {
    // The meetup: 26 accepted and 4 open offers (30 seats taken), 465 waiting in line.
    const f = funnelOf({
      invited: 500,
      pending: 0,
      accepted: 26,
      declined: 5,
      waitlisted: 469,
      expired: 0,
      cancelled: 0,
      offers: 4,
      checkedIn: 0,
    });
    expect(f.accepted + f.offered).toBe(30);
    expect(f.waitlisted).toBe(465);
    expect(f.accepted + f.offered + f.waitlisted + f.declined + f.expired + f.pending).toBe(f.invited);
  });
});
