import { Module } from '@nestjs/common';
import { InvitationsCoreModule } from '../invitations/core/invitations-core.module';
import { ProductAreasModule } from '../product-areas/product-areas.module';
import { QuestionsController } from './questions.controller';
import { QuestionsPagesController } from './questions.pages.controller';
import { QuestionsRepository } from './questions.repository';
import { QuestionsService } from './questions.service';
import { RsvpQuestionsController } from './rsvp-questions.controller';
import { RsvpQuestionsPagesController } from './rsvp-questions.pages.controller';
import { RsvpQuestionsSection } from './rsvp-questions-section';

/** Attendees' questions for the engineers: asked and voted on from the RSVP page, read by staff. */
@Module({
  imports: [InvitationsCoreModule, ProductAreasModule],
  controllers: [RsvpQuestionsController, RsvpQuestionsPagesController, QuestionsController, QuestionsPagesController],
  providers: [QuestionsRepository, QuestionsService, RsvpQuestionsSection],
  exports: [QuestionsService],
})
export class QuestionsModule {}
