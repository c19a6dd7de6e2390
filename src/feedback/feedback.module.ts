import { InvitationsCoreModule } from '../invitations/core/invitations-core.module';
import { Module } from '@nestjs/common';
import { BoardsModule } from '../boards/boards.module';
import { LoopModule } from '../loop/loop.module';
import { MailModule } from '../mail/mail.module';
import { MeetupsModule } from '../meetups/meetups.module';
import { ProductAreasModule } from '../product-areas/product-areas.module';
import { ReportsModule } from '../reports/reports.module';
import { MeetupFeedbackController } from './meetup-feedback.controller';
import { MeetupFeedbackPagesController } from './meetup-feedback.pages.controller';
import { MeetupFeedbackRepository } from './meetup-feedback.repository';
import { MeetupFeedbackSection } from './meetup-feedback-section';
import { MeetupFeedbackService } from './meetup-feedback.service';
import { FeedbackController } from './feedback.controller';
import { FeedbackMail } from './feedback-mail';
import { FeedbackPagesController } from './feedback.pages.controller';
import { FeedbackRepository } from './feedback.repository';
import { FeedbackRequestsRepository } from './feedback-requests.repository';
import { FeedbackRequestsService } from './feedback-requests.service';
import { FeedbackService } from './feedback.service';
import { SuggestionItemsRepository } from './suggestion-items.repository';
import { SuggestionItemsService } from './suggestion-items.service';

/**
 * Feedback after a meetup: requests and the reminder (a step of the minute tick), the member's
 * form behind a personal link, and its JSON twin; staff read a meetup's feedback on its own page. The rate limit of its fan routes is the RSVP
 * one (RsvpThrottlerGuard from invitations/core; ThrottlerModule is global).
 */
@Module({
  imports: [
    BoardsModule,
    InvitationsCoreModule,
    LoopModule,
    MailModule,
    MeetupsModule,
    ProductAreasModule,
    ReportsModule,
  ],
  controllers: [FeedbackController, FeedbackPagesController, MeetupFeedbackController, MeetupFeedbackPagesController],
  providers: [
    FeedbackRepository,
    FeedbackService,
    FeedbackRequestsRepository,
    FeedbackRequestsService,
    FeedbackMail,
    MeetupFeedbackRepository,
    MeetupFeedbackService,
    MeetupFeedbackSection,
    SuggestionItemsRepository,
    SuggestionItemsService,
  ],
  exports: [FeedbackService, FeedbackRequestsService],
})
export class FeedbackModule {}
