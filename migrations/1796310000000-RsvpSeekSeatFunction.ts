import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An accept that wants a seat, in one round trip (issue 18). Every round trip between taking a meetup's
 * row lock and committing is time every other answer to that meetup waits, so the whole change runs in
 * the database: the app reads the invitation and meetup without locks, decides the outcome from that
 * snapshot and renders both possible confirmation emails, then one call of rsvp_seek_seat
 *   - sets lock_timeout (the meetup lock's 3 s) for its own transaction and locks the meetup, then the
 *     invitation (the order of meetups/meetup-lock.ts);
 *   - checks that what the app decided from is still so (rsvp_answer_snapshot of both rows); if not it
 *     changes nothing and answers 'stale', and the app takes the general path under the lock;
 *   - takes a seat if one is free and nobody waits for it, else the next waitlist place (as
 *     SeatsRepository.seekSeat did), and writes the answer and the calendar's new version;
 *   - logs the events, writes the confirmation email to the outbox (skipped for an unsubscribed member,
 *     keyed by the answer's event like every RSVP email) and its pg-boss delivery job.
 * meetups_seats_taken_check still refuses anything past capacity_max.
 */
export class RsvpSeekSeatFunction1796310000000 implements MigrationInterface {
  name = 'RsvpSeekSeatFunction1796310000000';

  async up(db: QueryRunner): Promise<void> {
    // What an accept's decision and its email are made of. Epoch numbers, not timestamps as text, so the
    // fingerprint does not depend on the session's TimeZone. Seat counts are left out: they are decided
    // under the lock, not from the snapshot.
    await db.query(`
      CREATE FUNCTION rsvp_answer_snapshot(m meetups, i invitations) RETURNS text
      LANGUAGE sql STABLE AS $$
        SELECT md5(concat_ws('|', m.id, m.city_id, m.status, m.title, m.venue, m.address,
                             extract(epoch FROM m.starts_at), extract(epoch FROM m.ends_at),
                             extract(epoch FROM m.rsvp_deadline), m.calendar_sequence,
                             i.id, i.meetup_id, i.member_id, i.state, extract(epoch FROM i.offer_expires_at),
                             i.waitlist_seq, i.calendar_sequence))
      $$`);
    await db.query(`
      CREATE FUNCTION rsvp_seek_seat(
        p_invitation_id bigint,
        p_meetup_id integer,
        p_snapshot text,
        p_answered_at timestamptz,
        p_suspect boolean,
        p_events jsonb,
        p_seated_mail jsonb,
        p_waitlisted_mail jsonb,
        p_queue text,
        p_lock_timeout text
      ) RETURNS TABLE (
        outcome text, seated boolean, waitlist_seq integer, "position" integer,
        calendar_sequence integer, event_id bigint, outbox_id uuid
      )
      LANGUAGE plpgsql AS $$
      DECLARE
        m meetups%ROWTYPE;
        i invitations%ROWTYPE;
        mail jsonb;
      BEGIN
        -- Local to this call's transaction: a wait longer than this is lock_not_available (55P03), which
        -- the app answers with 503 "try again", as for every other meetup lock.
        PERFORM set_config('lock_timeout', p_lock_timeout, true);
        SELECT * INTO m FROM meetups WHERE id = p_meetup_id FOR UPDATE;
        IF FOUND THEN
          SELECT * INTO i FROM invitations WHERE id = p_invitation_id AND meetup_id = p_meetup_id FOR UPDATE;
        END IF;
        IF i.id IS NULL OR rsvp_answer_snapshot(m, i) IS DISTINCT FROM p_snapshot THEN
          outcome := 'stale';
          RETURN NEXT;
          RETURN;
        END IF;

        -- A seat only if one is free and nobody waits for it (invitations_meetup_id_waitlist_seq_key).
        seated := m.seats_taken < m.capacity_max
                  AND NOT EXISTS (SELECT 1 FROM invitations w
                                   WHERE w.meetup_id = p_meetup_id AND w.waitlist_seq IS NOT NULL
                                     AND w.offer_expires_at IS NULL);
        IF seated THEN
          UPDATE meetups SET seats_taken = seats_taken + 1 WHERE id = p_meetup_id;
        ELSE
          UPDATE meetups SET waitlist_seq = meetups.waitlist_seq + 1 WHERE id = p_meetup_id
          RETURNING meetups.waitlist_seq INTO waitlist_seq;
          -- The new place is the last: 1 + everyone already waiting without an offer.
          SELECT 1 + count(*)::int INTO "position" FROM invitations w
           WHERE w.meetup_id = p_meetup_id AND w.waitlist_seq IS NOT NULL AND w.offer_expires_at IS NULL;
        END IF;

        -- The patch every accept writes; accepted clears a seat given up earlier; the calendar entry gets
        -- a new version (Invitation.calendarSequence).
        UPDATE invitations
           SET state = CASE WHEN seated THEN 'accepted' ELSE 'waitlisted' END,
               answered_at = p_answered_at,
               gave_up_seat_at = CASE WHEN seated THEN NULL ELSE invitations.gave_up_seat_at END,
               waitlist_seq = CASE WHEN seated THEN invitations.waitlist_seq ELSE rsvp_seek_seat.waitlist_seq END,
               suspect = invitations.suspect OR p_suspect,
               calendar_sequence = invitations.calendar_sequence + 1,
               updated_at = now()
         WHERE id = p_invitation_id
        RETURNING invitations.calendar_sequence INTO calendar_sequence;

        -- The answer first: its id names the email (idempotency key), as InvitationsRepository.logEvents.
        WITH logged AS (
          INSERT INTO invitation_events (invitation_id, kind, detail)
          SELECT p_invitation_id, e.value ->> 'kind', e.value -> 'detail'
            FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(value, n)
           ORDER BY e.n
          RETURNING id
        )
        SELECT min(id) INTO event_id FROM logged;

        mail := CASE WHEN seated THEN p_seated_mail
                     ELSE jsonb_set(p_waitlisted_mail, '{data,position}', to_jsonb("position")) END;
        -- As OutboxRepository.insertMany: nothing for a member who unsubscribed, nothing twice.
        INSERT INTO outbox_messages (idempotency_key, message_id, recipient, member_id, template, locale, data, attachments)
        SELECT (mail ->> 'idempotency_key') || event_id, mail ->> 'message_id', mail ->> 'recipient',
               (mail ->> 'member_id')::bigint, mail ->> 'template', mail ->> 'locale', mail -> 'data', mail -> 'attachments'
          FROM members mb
         WHERE mb.id = (mail ->> 'member_id')::bigint AND mb.unsubscribed_at IS NULL
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id INTO outbox_id;

        -- Its delivery job, with the queue's policy, as pg-boss 10's own insert (plans.insertJobs) writes it
        -- for a queue created without per-job options but the priority the app chose for the template
        -- (MailOutboxService.outboxRecord; test/e2e/rsvp-seek-seat.e2e.spec.ts compares the two).
        IF outbox_id IS NOT NULL THEN
          INSERT INTO pgboss.job (name, data, priority, start_after, dead_letter, expire_in, keep_until,
                                  retry_limit, retry_delay, retry_backoff, policy)
          SELECT q.name, jsonb_build_object('outboxId', outbox_id), COALESCE((mail ->> 'job_priority')::int, 0), now(), q.dead_letter,
                 COALESCE(q.expire_seconds * interval '1s', interval '15 minutes'),
                 now() + CAST(COALESCE((q.retention_minutes * 60)::text, '14 days') AS interval),
                 COALESCE(q.retry_limit, 2),
                 CASE WHEN COALESCE(q.retry_backoff, false) THEN GREATEST(COALESCE(q.retry_delay, 0), 1)
                      ELSE COALESCE(q.retry_delay, 0) END,
                 COALESCE(q.retry_backoff, false), q.policy
            FROM pgboss.queue q
           WHERE q.name = p_queue
          ON CONFLICT DO NOTHING;
        END IF;

        outcome := 'applied';
        RETURN NEXT;
      END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `DROP FUNCTION rsvp_seek_seat(bigint, integer, text, timestamptz, boolean, jsonb, jsonb, jsonb, text, text)`,
    );
    await db.query(`DROP FUNCTION rsvp_answer_snapshot(meetups, invitations)`);
  }
}
