import { Injectable } from '@nestjs/common';

export interface TickStep {
  name: string;
  run: (now: Date) => Promise<unknown>;
}

/**
 * Steps other modules add to the invitations' minute tick (feedback requests after a meetup), so the
 * tick runs them after its own without importing those modules. Registered at start, in module order.
 */
@Injectable()
export class TickSteps {
  private readonly added: TickStep[] = [];

  add(step: TickStep): void {
    this.added.push(step);
  }

  list(): readonly TickStep[] {
    return this.added;
  }
}
