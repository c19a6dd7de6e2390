import { Injectable, OnModuleInit } from '@nestjs/common';
import { RsvpPage } from '../invitations/core/rsvp-page';
import { questionsSection } from './questions-page';
import { QuestionsService } from './questions.service';

/**
 * The questions' part of the fans' RSVP page (views/partials/rsvp-questions.hbs), added through the page's
 * hooks (invitations/core/rsvp-page.ts): the invitations render the page and do not import this module.
 * `?question=added` (post/redirect/get after a question form) shows its confirmation.
 */
@Injectable()
export class RsvpQuestionsSection implements OnModuleInit {
  constructor(
    private readonly page: RsvpPage,
    private readonly questions: QuestionsService,
  ) {}

  onModuleInit(): void {
    this.page.addSection(async (invitationId, query) => {
      const done = typeof query.question === 'string' ? query.question : undefined;
      return { questions: questionsSection(await this.questions.forInvitation(invitationId), { done }) };
    });
  }
}
