import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { FeedbackController } from './feedback.controller';
import { FeedbackMail } from './feedback-mail';
import { FeedbackPagesController } from './feedback.pages.controller';
import { FeedbackRepository } from './feedback.repository';
import { FeedbackRequestsRepository } from './feedback-requests.repository';
import { FeedbackRequestsService } from './feedback-requests.service';
import { FeedbackService } from './feedback.service';

/**
 * Feedback after a meetup: requests and the reminder (a step of the minute tick), the member's
 * form behind a personal link, and its JSON twin. The rate limit of its fan routes is the RSVP
 * one (ThrottlerModule is global; invitations registers it).
 */
@Module({
  imports: [MailModule],
  controllers: [FeedbackController, FeedbackPagesController],
  providers: [FeedbackRepository, FeedbackService, FeedbackRequestsRepository, FeedbackRequestsService, FeedbackMail],
  exports: [FeedbackService, FeedbackRequestsService],
})
export class FeedbackModule {}
