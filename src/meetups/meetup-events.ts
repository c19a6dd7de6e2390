import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Meetup } from './meetup.entity';

/** Runs inside the cancelling transaction, so what it queues (e.g. emails) commits with the cancellation. */
export type CancelledListener = (meetup: Meetup, manager: EntityManager) => Promise<void>;

/**
 * Hook for the invitations module: subscribe with `onCancelled` to notify the
 * invitees of a cancelled meetup. Listeners run in the cancel transaction.
 */
@Injectable()
export class MeetupEvents {
  private readonly cancelled: CancelledListener[] = [];

  onCancelled(listener: CancelledListener): void {
    this.cancelled.push(listener);
  }

  async emitCancelled(meetup: Meetup, manager: EntityManager): Promise<void> {
    for (const listener of this.cancelled) await listener(meetup, manager);
  }
}
