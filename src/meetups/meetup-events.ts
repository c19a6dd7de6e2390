import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Meetup } from './meetup.entity';

/** Runs inside the cancelling transaction, so what it queues (e.g. emails) commits with the cancellation. */
export type CancelledListener = (meetup: Meetup, manager: EntityManager) => Promise<void>;

/**
 * Runs inside the edit's transaction, under the meetup's row lock, after the
 * edit is written; `before` and `after` carry their city. Called for every
 * edit: the listener decides which changes matter.
 */
export type ChangedListener = (before: Meetup, after: Meetup, manager: EntityManager) => Promise<void>;

/**
 * Hooks for the invitations module: subscribe with `onCancelled` to notify the
 * invitees of a cancelled meetup, with `onChanged` to tell them of a new time
 * or place. Listeners run in the cancelling or editing transaction.
 */
@Injectable()
export class MeetupEvents {
  private readonly cancelled: CancelledListener[] = [];
  private readonly changed: ChangedListener[] = [];

  onCancelled(listener: CancelledListener): void {
    this.cancelled.push(listener);
  }

  async emitCancelled(meetup: Meetup, manager: EntityManager): Promise<void> {
    for (const listener of this.cancelled) await listener(meetup, manager);
  }

  onChanged(listener: ChangedListener): void {
    this.changed.push(listener);
  }

  async emitChanged(before: Meetup, after: Meetup, manager: EntityManager): Promise<void> {
    for (const listener of this.changed) await listener(before, after, manager);
  }
}
