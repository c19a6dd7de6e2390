import { Injectable, Logger } from '@nestjs/common';
import type { Message } from '../common/strings';

/** One thing staff should do now, with where to do it. */
export interface DashboardTask {
  /** What needs doing, in the viewer's language when shown ({{text text}}). */
  text: Message;
  href: string;
  /** Sooner first: the time by which it matters (a deadline, a start), or now for what is already late. */
  due: Date;
}

/** A module's source of tasks: asked once per dashboard view, so it answers from a small indexed query. */
export type DashboardTaskSource = (now: Date) => Promise<DashboardTask[]>;

/**
 * The dashboard's "what needs doing now" list. The dashboard cannot import every module that knows of
 * work (invitations, mail, questions, boards, …) without tying them all to it, so each of them adds its
 * source here in onModuleInit, as the invitations add their section to the meetup page
 * (MeetupPageSections). This module imports nothing, so anyone may import it without a cycle.
 */
@Injectable()
export class DashboardTasks {
  private readonly logger = new Logger('DashboardTasks');
  private readonly sources: DashboardTaskSource[] = [];

  add(source: DashboardTaskSource): void {
    this.sources.push(source);
  }

  /** Every source's tasks, soonest first. A source that fails is logged and left out: the page still shows. */
  async list(now = new Date()): Promise<DashboardTask[]> {
    const lists = await Promise.all(
      this.sources.map((source) =>
        source(now).catch((error: unknown) => {
          this.logger.error(`A dashboard task source failed: ${String(error)}`);
          return [] as DashboardTask[];
        }),
      ),
    );
    return lists.flat().sort((a, b) => a.due.getTime() - b.due.getTime());
  }
}
