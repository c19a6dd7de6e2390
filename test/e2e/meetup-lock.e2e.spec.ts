import { ConflictException } from '@nestjs/common';
import request from 'supertest';
import type { QueryRunner } from 'typeorm';
import { forEachDueMeetup, lockMeetup, MeetupBusyException, withMeetupLock } from '../../src/meetups/meetup-lock';
import { MeetupNotFoundException } from '../../src/meetups/meetup-not-found.exception';
import { changeMeetupStatus } from '../../src/meetups/meetup-status-change';
import { cityWithMembers, scheduledMeetup } from '../support/meetups';
import { createTestApp, TestApp } from '../support/test-app';

describe('the meetup lock', () => {
  let t: TestApp;
  let cityId: number;

  /** Another transaction holding the meetup's row lock until released. */
  async function holdLock(meetupId: number): Promise<QueryRunner> {
    const other = t.db.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    await other.query('SELECT id FROM meetups WHERE id = $1 FOR UPDATE', [meetupId]);
    return other;
  }
  const release = async (other: QueryRunner) => {
    await other.rollbackTransaction();
    await other.release();
  };

  beforeAll(async () => {
    t = await createTestApp();
    ({ cityId } = await cityWithMembers(t, 1, 'lock'));
  });
  afterAll(() => t.close());

  it('refuses to lock outside a transaction', async () => {
    const id = await scheduledMeetup(t, cityId);
    await expect(lockMeetup(t.db.manager, id)).rejects.toThrow(/needs a transaction/);
  });

  it('reads the locked meetup with its city, and answers 404 for a meetup that does not exist', async () => {
    const id = await scheduledMeetup(t, cityId);
    const seen = await withMeetupLock(t.db, id, async (meetup) => ({ id: meetup.id, zone: meetup.city!.timeZone }));
    expect(seen).toEqual({ id, zone: 'Asia/Shanghai' });
    await expect(withMeetupLock(t.db, 999_999, async () => 'ran')).rejects.toBeInstanceOf(MeetupNotFoundException);
  });

  it('gives up after the lock timeout: 503 "try again" for a request, nothing changed', async () => {
    const id = await scheduledMeetup(t, cityId);
    const other = await holdLock(id);
    try {
      await expect(withMeetupLock(t.db, id, async () => 'ran')).rejects.toBeInstanceOf(MeetupBusyException);
      const res = await request(t.app.getHttpServer())
        .post(`/api/meetups/${id}/status`)
        .set('Authorization', t.bearer)
        .send({ status: 'cancelled' });
      expect(res.status).toBe(503);
      expect(res.body.message).toContain('busy');
    } finally {
      await release(other);
    }
    const [row] = await t.db.query('SELECT status FROM meetups WHERE id = $1', [id]);
    expect(row.status).toBe('scheduled');
  });

  it('lets the minute tick skip a busy meetup and do the others', async () => {
    const busy = await scheduledMeetup(t, cityId);
    const free = await scheduledMeetup(t, cityId);
    const other = await holdLock(busy);
    try {
      const done = await forEachDueMeetup(t.db, [busy, free, 999_999], async (meetup) => meetup.id);
      expect(done).toEqual([free]);
    } finally {
      await release(other);
    }
  });

  it('changes status only by a step the status machine allows', async () => {
    const id = await scheduledMeetup(t, cityId);
    await expect(
      withMeetupLock(t.db, id, (meetup, manager) => changeMeetupStatus(manager, meetup, 'held')),
    ).rejects.toBeInstanceOf(ConflictException);
    await withMeetupLock(t.db, id, (meetup, manager) => changeMeetupStatus(manager, meetup, 'inviting'));
    const [row] = await t.db.query('SELECT status FROM meetups WHERE id = $1', [id]);
    expect(row.status).toBe('inviting');
  });
});
