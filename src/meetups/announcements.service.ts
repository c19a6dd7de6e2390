import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { errorText } from '../common/strings';
import type { Locale } from '../common/locale';
import { announcementMarkdown } from './announcement';
import { AnnouncementState, MeetupAnnouncement, PublishedBy } from './announcement.entity';
import { announcementHtml } from './announcement-html';
import { changedSincePublish, publicationRefusal } from './announcement-publication';
import { AnnouncementsRepository } from './announcements.repository';
import { AnnouncementTextDto, MarkPublishedDto, PublishAnnouncementDto } from './dto/announcement.dto';
import { ForumChannel } from './forum-channel';
import { ForumDeliveryService } from './forum-delivery.service';
import { announcementKey } from './forum-webhook';
import { MeetupNotFoundException } from './meetup-not-found.exception';
import { MeetupsRepository } from './meetups.repository';
import { MeetupsService } from './meetups.service';

/** A meetup's announcement as the API and the page show it. */
export interface AnnouncementView {
  meetupId: number;
  /** False while nothing is saved: `markdown` is then the text generated from the meetup. */
  stored: boolean;
  locale: Locale;
  markdown: string;
  /** draft (never sent), queued (being sent, retries included), published, failed (needs a person). */
  state: AnnouncementState;
  /** Published, and edited since: the forum shows an older version. */
  changedSincePublish: boolean;
  /** Attempts to reach the forum for the latest publish. */
  attempts: number;
  lastAttemptAt: string | null;
  /** The forum's last answer: HTTP status (null: no answer) and a short excerpt of its body. */
  forumAnswer: { status: number | null; body: string | null };
  lastError: string | null;
  forumUrl: string | null;
  publishedAt: string | null;
  publishedBy: PublishedBy | null;
  /** The text as queued or published, with the idempotency key the forum de-duplicates on. */
  sent: { locale: Locale; markdown: string; idempotencyKey: string } | null;
  /** "webhook": Publish posts it; "manual": no FORUM_WEBHOOK_URL, staff post it and mark it. */
  channel: 'webhook' | 'manual';
}

/** Browsers send textarea lines with CRLF; stored with LF, so an unchanged text compares equal. */
const normalised = (markdown: string) => markdown.replace(/\r\n?/g, '\n');

@Injectable()
export class AnnouncementsService {
  constructor(
    private readonly announcements: AnnouncementsRepository,
    private readonly meetupRows: MeetupsRepository,
    private readonly meetups: MeetupsService,
    private readonly delivery: ForumDeliveryService,
    private readonly channel: ForumChannel,
  ) {}

  /** The saved announcement, or (nothing saved yet) the one generated in `locale` (default zh-CN). */
  async view(meetupId: number, locale?: Locale): Promise<AnnouncementView> {
    const meetup = await this.meetups.get(meetupId);
    const a = await this.announcements.find(meetupId);
    if (a) return this.toView(a);
    const l = locale ?? 'zh-CN';
    return this.toView({ meetupId, locale: l, markdown: announcementMarkdown(meetup, l) }, false);
  }

  /** The text generated from the meetup's facts, to start from (nothing is stored). */
  async generated(meetupId: number, locale: Locale): Promise<string> {
    return announcementMarkdown(await this.meetups.get(meetupId), locale);
  }

  /** Stores the text. Allowed in every state; after publishing, the view says it changed since. */
  async save(meetupId: number, text: AnnouncementTextDto): Promise<AnnouncementView> {
    await this.meetups.get(meetupId);
    await this.announcements.saveText(meetupId, text.locale, normalised(text.markdown));
    return this.view(meetupId);
  }

  /**
   * Queues the saved text (or this text, saved first) for the forum webhook,
   * in one transaction with its delivery job. 409 says why when it may not go.
   */
  async publish(meetupId: number, input: PublishAnnouncementDto): Promise<AnnouncementView> {
    if (this.channel.kind === 'manual') throw new ConflictException(errorText('announceNoWebhook'));
    const edit = this.editOf(input);
    await this.announcements.transaction(async (manager) => {
      const a = await this.readyToPublish(meetupId, edit, 'webhook', manager);
      const round = await this.announcements.queue(meetupId, announcementKey(meetupId, a.locale, a.markdown), manager);
      await this.delivery.enqueue(meetupId, round, manager);
    });
    this.delivery.wake();
    return this.view(meetupId);
  }

  /** Records that staff posted the saved text (or this text, saved first) on the forum themselves. */
  async markPublished(meetupId: number, input: MarkPublishedDto): Promise<AnnouncementView> {
    const edit = this.editOf(input);
    await this.announcements.transaction(async (manager) => {
      const a = await this.readyToPublish(meetupId, edit, 'hand', manager);
      const key = announcementKey(meetupId, a.locale, a.markdown);
      await this.announcements.markPublishedByHand(meetupId, key, input.forumUrl ?? null, manager);
    });
    return this.view(meetupId);
  }

  /** The Markdown rendered as the forum would show it (safe HTML). Changes nothing. */
  preview(markdown: string): string {
    return announcementHtml(normalised(markdown));
  }

  /**
   * The start of both ways to publish, in the caller's transaction: the meetup's row lock (a
   * cancellation cannot slip in between the check and the publication), the edit saved first, then
   * the announcement locked and checked; 409 says why it may not be published.
   */
  private async readyToPublish(
    meetupId: number,
    edit: { locale: Locale; markdown: string } | null,
    how: 'webhook' | 'hand',
    manager: EntityManager,
  ): Promise<MeetupAnnouncement> {
    const meetup = await this.meetupRows.findForUpdate(meetupId, manager);
    if (!meetup) throw new MeetupNotFoundException(meetupId);
    if (edit) await this.announcements.saveText(meetupId, edit.locale, edit.markdown, manager);
    const a = await this.announcements.findForUpdate(meetupId, manager);
    const refusal = publicationRefusal(meetup.status, a, how);
    if (refusal) throw new ConflictException(errorText(refusal));
    return a!;
  }

  private editOf(input: PublishAnnouncementDto): { locale: Locale; markdown: string } | null {
    if (input.locale === undefined && input.markdown === undefined) return null;
    if (input.locale === undefined || input.markdown === undefined) {
      throw new BadRequestException('Send locale and markdown together, or neither to publish the saved text.');
    }
    return { locale: input.locale, markdown: normalised(input.markdown) };
  }

  private toView(
    a: Pick<MeetupAnnouncement, 'meetupId' | 'locale' | 'markdown'> & Partial<MeetupAnnouncement>,
    stored = true,
  ): AnnouncementView {
    const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
    const state = a.state ?? 'draft';
    return {
      meetupId: a.meetupId,
      stored,
      locale: a.locale,
      markdown: a.markdown,
      state,
      changedSincePublish: changedSincePublish({
        state,
        locale: a.locale,
        markdown: a.markdown,
        sentLocale: a.sentLocale ?? null,
        sentMarkdown: a.sentMarkdown ?? null,
      }),
      attempts: a.attempts ?? 0,
      lastAttemptAt: iso(a.lastAttemptAt),
      forumAnswer: { status: a.responseStatus ?? null, body: a.responseBody ?? null },
      lastError: a.lastError ?? null,
      forumUrl: a.forumUrl ?? null,
      publishedAt: iso(a.publishedAt),
      publishedBy: a.publishedBy ?? null,
      sent:
        a.sentLocale && a.sentMarkdown !== null && a.sentMarkdown !== undefined && a.idempotencyKey
          ? { locale: a.sentLocale, markdown: a.sentMarkdown, idempotencyKey: a.idempotencyKey }
          : null,
      channel: this.channel.kind,
    };
  }
}
