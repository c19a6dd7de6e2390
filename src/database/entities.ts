import { Account } from '../accounts/account.entity';
import { ApiToken } from '../accounts/api-token.entity';
import { City } from '../cities/city.entity';
import { CityStats } from '../cities/city-stats.entity';
import { CityAlias } from '../cities/city-alias.entity';
import { Engineer } from '../engineers/engineer.entity';
import { MailboxMessage } from '../mail/mailbox-message.entity';
import { OutboxMessage } from '../mail/outbox-message.entity';
import { MeetupAnnouncement } from '../meetups/announcement.entity';
import { Meetup } from '../meetups/meetup.entity';
import { Member } from '../members/member.entity';
import { Invitation } from '../invitations/core/invitation.entity';
import { InvitationEvent } from '../invitations/core/invitation-event.entity';
import { InviteeExclusion } from '../invitations/selection/invitee-exclusion.entity';
import { Question } from '../questions/question.entity';
import { QuestionVote } from '../questions/question-vote.entity';
import { FeedbackAnswer } from '../feedback/feedback-answer.entity';
import { FeedbackRequest } from '../feedback/feedback-request.entity';
import { FeedbackSuggestion } from '../feedback/feedback-suggestion.entity';
import { ProductArea } from '../product-areas/product-area.entity';
import { EngineerAssignment } from '../matching/engineer-assignment.entity';
import { MatchingSettings } from '../matching/matching-settings.entity';
import { QuestionAnswer } from '../matching/question-answer.entity';
import { MeetupExpectedArea } from '../matching/meetup-expected-area.entity';
import { BOARD_ENTITIES } from '../boards/board-entities';
import { QuestionBoardItem } from '../loop/question-board-item.entity';

/** Every entity, listed once for the app, the migration CLI and the tests. */
export const ENTITIES = [
  City,
  CityStats,
  CityAlias,
  Member,
  Meetup,
  MeetupAnnouncement,
  ProductArea,
  Engineer,
  Account,
  ApiToken,
  OutboxMessage,
  MailboxMessage,
  Invitation,
  InvitationEvent,
  Question,
  QuestionVote,
  InviteeExclusion,
  FeedbackRequest,
  FeedbackAnswer,
  FeedbackSuggestion,
  MatchingSettings,
  EngineerAssignment,
  QuestionAnswer,
  MeetupExpectedArea,
  ...BOARD_ENTITIES,
  QuestionBoardItem,
];
