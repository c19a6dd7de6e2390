import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service';
import { errorText, translate } from '../common/strings';
import { EngineersService } from '../engineers/engineers.service';
import { JobsService } from '../jobs/jobs.service';
import { DELIVERY_QUEUE, MailOutboxService } from '../mail/mail-outbox.service';
import { MeetupsService } from '../meetups/meetups.service';
import { EngineerBriefService } from './engineer-brief.service';
import { EngineerMail } from './engineer-mail';
import { AssignmentRow, MatchingRepository } from './matching.repository';

export type AssignmentAction = 'pin' | 'unpin' | 'exclude' | 'include' | 'confirm';

const BRIEF_DAYS_BEFORE = 3;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Staff's review of a proposal, one pair at a time: pin (re-matching keeps it), exclude (never
 * proposed again), add or swap in an engineer by hand, confirm. Confirming mails the engineer in
 * the same transaction (outbox): the meetup, its .ics and the brief as it stands.
 */
@Injectable()
export class AssignmentsService {
  private readonly logger = new Logger('Matching');

  constructor(
    private readonly repository: MatchingRepository,
    private readonly engineers: EngineersService,
    private readonly meetups: MeetupsService,
    private readonly accounts: AccountsService,
    private readonly briefs: EngineerBriefService,
    private readonly mail: EngineerMail,
    private readonly outbox: MailOutboxService,
    private readonly jobs: JobsService,
  ) {}

  /** Returns the assignment as it is now; null when `include` removed the exclusion. */
  async act(id: number, action: AssignmentAction): Promise<AssignmentRow | null> {
    const mailed = await this.repository.transaction(async (manager) => {
      const row = await this.load(manager, id);
      const stateName = translate('en', `match.state.${row.state}`);
      if (action === 'confirm') {
        if (row.state === 'confirmed') return false;
        if (row.state !== 'proposed') {
          throw new ConflictException(errorText('match.err.notProposed', { code: row.engineerCode, state: stateName }));
        }
        await this.repository.setState(manager, id, 'confirmed', false);
        return this.mailConfirmation(manager, row);
      }
      if (row.state === 'confirmed' && action !== 'pin' && action !== 'unpin') {
        throw new ConflictException(errorText('match.err.confirmedStays', { code: row.engineerCode }));
      }
      if (action === 'pin' || action === 'unpin') {
        if (row.state === 'excluded') {
          throw new ConflictException(errorText('match.err.notProposed', { code: row.engineerCode, state: stateName }));
        }
        if (row.state === 'proposed') await this.repository.setState(manager, id, 'proposed', action === 'pin');
      }
      if (action === 'exclude') await this.repository.setState(manager, id, 'excluded', false);
      if (action === 'include') await this.repository.removeExclusion(manager, id);
      return false;
    });
    if (mailed) this.jobs.notify(DELIVERY_QUEUE);
    return this.repository.assignment(id);
  }

  /** Confirms every proposal of these meetups; returns how many engineers were confirmed. */
  async confirmAll(meetupIds: number[]): Promise<number> {
    const proposed = (await this.repository.assignments(meetupIds)).filter((a) => a.state === 'proposed');
    let confirmed = 0;
    for (const row of proposed) if ((await this.act(row.id, 'confirm'))?.state === 'confirmed') confirmed++;
    return confirmed;
  }

  /**
   * Puts an engineer on a meetup by hand, pinned; with `replacing`, the engineer of that
   * assignment is excluded from the meetup in the same transaction (a swap).
   */
  async add(meetupId: number, engineerId: number, replacing?: number): Promise<void> {
    await this.meetups.get(meetupId);
    await this.engineers.get(engineerId);
    await this.repository.transaction(async (manager) => {
      const existing = (await this.repository.assignments([meetupId], manager)).find(
        (a) => a.engineerId === engineerId,
      );
      if (existing && existing.state !== 'excluded') {
        throw new ConflictException(errorText('match.err.alreadyThere', { code: existing.engineerCode }));
      }
      if (replacing !== undefined) {
        const old = await this.load(manager, replacing);
        if (old.meetupId !== meetupId) {
          throw new ConflictException(errorText('match.err.replacedElsewhere', { id: String(replacing) }));
        }
        if (old.state === 'confirmed') {
          throw new ConflictException(errorText('match.err.confirmedStays', { code: old.engineerCode }));
        }
        await this.repository.setState(manager, old.id, 'excluded', false);
      }
      await this.repository.addPinned(manager, meetupId, engineerId);
    });
  }

  /** Step of the minute tick: each confirmed engineer gets the brief 3 days before; once per assignment. */
  async sendDueBriefs(now = new Date()): Promise<number> {
    const due = await this.repository.briefsDue(now, new Date(now.getTime() + BRIEF_DAYS_BEFORE * DAY_MS));
    let sent = 0;
    for (const row of due) {
      const [account, brief] = await Promise.all([
        this.accounts.forEngineer(row.engineerId),
        this.briefs.brief(row.meetupId, now),
      ]);
      const done = await this.repository.transaction(async (manager) => {
        if (!(await this.repository.markBriefSent(manager, row.id))) return false;
        if (account) await this.outbox.enqueue(manager, this.mail.brief(account, row.id, brief));
        return Boolean(account);
      });
      if (done) sent++;
    }
    if (sent) {
      this.logger.log(`Mailed ${sent} engineer briefs`);
      this.jobs.notify(DELIVERY_QUEUE);
    }
    return sent;
  }

  private async mailConfirmation(manager: EntityManager, row: AssignmentRow): Promise<boolean> {
    const account = await this.accounts.forEngineer(row.engineerId);
    if (!account) {
      this.logger.warn(`Engineer ${row.engineerCode} has no active account: confirmed without an email`);
      return false;
    }
    const now = new Date();
    const brief = await this.briefs.brief(row.meetupId, now, manager);
    await this.outbox.enqueue(manager, this.mail.confirmed(account, row.id, brief));
    // The confirmation carries the brief: a meetup less than 3 days away gets no second one.
    if (new Date(brief.meetup.startsAtUtc).getTime() - now.getTime() < BRIEF_DAYS_BEFORE * DAY_MS) {
      await this.repository.markBriefSent(manager, row.id);
    }
    return true;
  }

  private async load(manager: EntityManager, id: number): Promise<AssignmentRow> {
    const row = await this.repository.assignment(id, manager);
    if (!row) throw new NotFoundException(errorText('match.err.assignmentMissing', { id: String(id) }));
    return row;
  }
}
