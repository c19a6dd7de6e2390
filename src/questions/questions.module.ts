import { forwardRef, Module } from '@nestjs/common';
import { InvitationsModule } from '../invitations/invitations.module';
import { ProductAreasModule } from '../product-areas/product-areas.module';
import { QuestionsController } from './questions.controller';
import { QuestionsPagesController } from './questions.pages.controller';
import { QuestionsRepository } from './questions.repository';
import { QuestionsService } from './questions.service';
import { RsvpQuestionsController } from './rsvp-questions.controller';
import { RsvpQuestionsPagesController } from './rsvp-questions.pages.controller';

@Module({
  imports: [forwardRef(() => InvitationsModule), ProductAreasModule],
  controllers: [RsvpQuestionsController, RsvpQuestionsPagesController, QuestionsController, QuestionsPagesController],
  providers: [QuestionsRepository, QuestionsService],
  exports: [QuestionsService],
})
export class QuestionsModule {}
