import { ApiProperty } from '@nestjs/swagger';

/** Response shapes, for the OpenAPI document. */
export class ProductAreaOptionDto {
  @ApiProperty() id!: number;
  @ApiProperty() slug!: string;
  @ApiProperty({ description: "In the member's language." }) name!: string;
}

export class QuestionWindowDto {
  @ApiProperty({ description: 'Ask, edit and delete own questions (until the RSVP deadline).' }) canAsk!: boolean;
  @ApiProperty({ description: 'Vote on other attendees’ questions (until the meetup starts).' }) canVote!: boolean;
  @ApiProperty({
    nullable: true,
    enum: ['not-attending', 'cancelled', 'over', 'not-open', 'deadline'],
    description: 'Why asking (and maybe voting) is closed.',
  })
  closed!: string | null;
}

export class OwnQuestionDto {
  @ApiProperty() id!: string;
  @ApiProperty({ minimum: 1, maximum: 3 }) slot!: number;
  @ApiProperty() productAreaId!: number;
  @ApiProperty() productArea!: string;
  @ApiProperty() body!: string;
  @ApiProperty() votes!: number;
  @ApiProperty() updatedAt!: Date;
}

export class AttendeeQuestionDto {
  @ApiProperty() id!: string;
  @ApiProperty() productAreaId!: number;
  @ApiProperty() productArea!: string;
  @ApiProperty() body!: string;
  @ApiProperty() votes!: number;
  @ApiProperty({ description: 'Whether this member voted on it.' }) voted!: boolean;
}

export class MemberQuestionsDto {
  @ApiProperty({ enum: ['pending', 'accepted', 'declined', 'waitlisted', 'expired', 'cancelled'] }) state!: string;
  @ApiProperty({ enum: ['zh-CN', 'en'] }) locale!: string;
  @ApiProperty({ type: QuestionWindowDto }) window!: QuestionWindowDto;
  @ApiProperty({ example: 3 }) limit!: number;
  @ApiProperty({ type: [OwnQuestionDto] }) mine!: OwnQuestionDto[];
  @ApiProperty({ type: [AttendeeQuestionDto], description: 'Most voted first; empty unless the member attends.' })
  others!: AttendeeQuestionDto[];
  @ApiProperty({ type: [ProductAreaOptionDto] }) productAreas!: ProductAreaOptionDto[];
}

export class VoteResultDto {
  @ApiProperty() questionId!: string;
  @ApiProperty() voted!: boolean;
  @ApiProperty() votes!: number;
  @ApiProperty({ description: 'False when the vote was already there (or already gone).' }) changed!: boolean;
}

class ProductAreaDto {
  @ApiProperty() id!: number;
  @ApiProperty() slug!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty() nameZh!: string;
}

class MeetupQuestionDto {
  @ApiProperty() id!: string;
  @ApiProperty() body!: string;
  @ApiProperty() votes!: number;
  @ApiProperty() invitationId!: string;
  @ApiProperty() askerName!: string;
  @ApiProperty() askerCity!: string;
  @ApiProperty({ description: 'False once the asker declined or lost their seat.' }) askerAttending!: boolean;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

class ProductAreaQuestionsDto {
  @ApiProperty({ type: ProductAreaDto }) productArea!: ProductAreaDto;
  @ApiProperty({ description: 'Votes of all its questions.' }) votes!: number;
  @ApiProperty({ type: [MeetupQuestionDto], description: 'Most voted first.' }) questions!: MeetupQuestionDto[];
}

class MeetupSummaryDto {
  @ApiProperty() id!: number;
  @ApiProperty() title!: string;
  @ApiProperty() city!: string;
  @ApiProperty() startsAt!: Date;
  @ApiProperty() timeZone!: string;
}

export class MeetupQuestionsDto {
  @ApiProperty({ type: MeetupSummaryDto }) meetup!: MeetupSummaryDto;
  @ApiProperty() total!: number;
  @ApiProperty({ type: [ProductAreaQuestionsDto], description: 'Areas with the most votes first.' })
  productAreas!: ProductAreaQuestionsDto[];
}
