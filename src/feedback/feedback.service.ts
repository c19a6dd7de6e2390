import { BadRequestException, GoneException, Injectable, NotFoundException } from '@nestjs/common';
import type { Locale } from '../common/locale';
import { dayIn } from './feedback-mail';
import { ProductAreaOption, ProductAreasService } from '../product-areas/product-areas.service';
import { FeedbackRepository, RequestRow, SavedAnswer } from './feedback.repository';
import { PendingSuggestion, SuggestionItemsService } from './suggestion-items.service';
import { checkFeedback, closesAt, FeedbackProblem, isOpen } from './feedback-rules';
import { hashFeedbackToken, looksLikeFeedbackToken } from './feedback-token';

/** What the member's feedback page shows. */
export interface FeedbackView {
  requestId: string;
  meetupId: number;
  memberId: string;
  name: string;
  locale: Locale;
  meetup: { title: string; city: string; day: string };
  closes: string;
  open: boolean;
  answered: boolean;
  answer: SavedAnswer | null;
  /** In the member's language. */
  productAreas: ProductAreaOption[];
  /** Suggestions on the board, by slot: the item and how it got there. */
  onBoard?: { slot: number; itemId: string; outcome: string }[];
  /** Suggestions that resemble items already on the board: the member chooses. */
  waiting?: PendingSuggestion[];
}

export class FeedbackLinkNotValidException extends NotFoundException {
  constructor() {
    super('This link is not valid. Please use the link in your latest Meetloop email.');
  }
}

/** The link's 14 days are over: the page still shows what was answered. */
export class FeedbackClosedException extends GoneException {
  constructor(readonly view: FeedbackView) {
    super({ statusCode: 410, error: 'Gone', message: 'Feedback for this meetup is closed.' });
  }
}

/** What is wrong, field by field; the page shows it beside the fields with the member's input kept. */
export class FeedbackInvalidException extends BadRequestException {
  constructor(
    readonly view: FeedbackView,
    readonly problems: Record<string, FeedbackProblem>,
  ) {
    super({
      statusCode: 400,
      error: 'Bad Request',
      message: `Please check: ${Object.keys(problems).join(', ')}.`,
      problems,
    });
  }
}

/**
 * A member's feedback through their personal link: GET shows (and changes nothing), POST saves.
 * The answer can be changed until the link closes, OPEN_DAYS after the request; the last save wins.
 */
@Injectable()
export class FeedbackService {
  constructor(
    private readonly repository: FeedbackRepository,
    private readonly areas: ProductAreasService,
    private readonly suggestionItems: SuggestionItemsService,
  ) {}

  async show(token: string, now = new Date()): Promise<FeedbackView> {
    const request = await this.find(token);
    const view = await this.withBoard(await this.view(request, await this.repository.answerOf(request.id), now));
    if (!view.open) throw new FeedbackClosedException(view);
    return view;
  }

  /** The member votes for a similar item instead of posting their suggestion in `slot`. */
  async voteInstead(token: string, slot: number, itemId: string, now = new Date()): Promise<void> {
    const request = await this.openRequest(token, now);
    await this.suggestionItems.voteInstead(request.id, slot, itemId);
  }

  /** The member posts their suggestion in `slot` as a new item after all. */
  async postAsNew(token: string, slot: number, now = new Date()): Promise<void> {
    const request = await this.openRequest(token, now);
    await this.suggestionItems.postAsNew(request.id, slot);
  }

  /** Saves the answer (raw form fields or an API body) and returns the page as it now is. */
  async save(
    token: string,
    raw: { rating?: unknown; recommend?: unknown; good?: unknown; suggestions?: unknown },
    now = new Date(),
  ): Promise<FeedbackView> {
    if (!looksLikeFeedbackToken(token)) throw new FeedbackLinkNotValidException();
    const areas = await this.areas.all();
    const checked = checkFeedback(raw, new Set(areas.map((a) => a.id)));
    const saved = await this.repository.transaction(async (manager) => {
      const request = await this.repository.byTokenHash(hashFeedbackToken(token), manager);
      if (!request) throw new FeedbackLinkNotValidException();
      if (!isOpen(request.sentAt, now))
        throw new FeedbackClosedException(await this.view(request, await this.repository.answerOf(request.id), now));
      if (!checked.answer)
        throw new FeedbackInvalidException(
          await this.view(request, await this.repository.answerOf(request.id), now),
          checked.problems,
        );
      await this.repository.saveAnswer(manager, request.id, checked.answer, now);
      // New suggestions that resemble nothing on their board become items with the answer.
      await this.suggestionItems.postUnlike(manager, request.id);
      return this.view(request, await this.repository.answerOf(request.id, manager), now, true);
    });
    return this.withBoard(saved);
  }

  private async openRequest(token: string, now: Date): Promise<RequestRow> {
    const request = await this.find(token);
    if (!isOpen(request.sentAt, now))
      throw new FeedbackClosedException(await this.view(request, await this.repository.answerOf(request.id), now));
    return request;
  }

  /** Which suggestions are on the board (and how), and which wait for the member's choice among similar items. */
  private async withBoard(view: FeedbackView): Promise<FeedbackView> {
    const [onBoard, waiting] = await Promise.all([
      this.suggestionItems.linked(view.requestId),
      this.suggestionItems.pending(view.requestId),
    ]);
    return { ...view, onBoard: [...onBoard].map(([slot, link]) => ({ slot, ...link })), waiting };
  }

  private async find(token: string): Promise<RequestRow> {
    if (!looksLikeFeedbackToken(token)) throw new FeedbackLinkNotValidException();
    const request = await this.repository.byTokenHash(hashFeedbackToken(token));
    if (!request) throw new FeedbackLinkNotValidException();
    return request;
  }

  private async view(
    request: RequestRow,
    answer: SavedAnswer | null,
    now: Date,
    answered = false,
  ): Promise<FeedbackView> {
    return {
      requestId: request.id,
      meetupId: request.meetupId,
      memberId: request.memberId,
      name: request.name,
      locale: request.locale,
      meetup: {
        title: request.title,
        city: request.city,
        day: dayIn(request.startsAt, request.timeZone, request.locale),
      },
      closes: dayIn(closesAt(request.sentAt), request.timeZone, request.locale),
      open: isOpen(request.sentAt, now),
      answered: answered || request.answeredAt !== null,
      answer,
      productAreas: await this.areas.options(request.locale),
    };
  }
}
