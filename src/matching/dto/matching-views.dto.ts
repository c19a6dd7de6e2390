import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Response shapes of the matching API, for OpenAPI. */
export class MatchReasonDto {
  @ApiProperty({
    enum: [
      'min-above-max',
      'too-few',
      'too-many-fixed',
      'fixed-over-month',
      'fixed-over-trips',
      'month-short',
      'limits-clash',
      'timed-out',
    ],
  })
  code!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { city: 'Chengdu', min: 2, available: 1 } })
  params!: Record<string, string | number>;
  @ApiProperty({ example: 'Chengdu needs 2 engineers; only 1 is available on 2027-01-16.' })
  text!: string;
}

export class ProposalOutcomeDto {
  @ApiProperty({ enum: ['proposed', 'infeasible', 'timedout'] }) status!: string;
  @ApiProperty({ description: 'False when the time limit stopped the search with an unproven answer.' })
  optimal!: boolean;
  @ApiProperty() meetups!: number;
  @ApiProperty({ description: 'New proposals (confirmed and pinned ones are kept, not counted).' }) proposed!: number;
  @ApiProperty({ description: 'Asked-about areas nobody on a team knows.' }) gaps!: number;
  @ApiProperty({ type: [MatchReasonDto], description: 'Why there is no proposal.' }) reasons!: MatchReasonDto[];
}

export class AreaDemandDto {
  @ApiProperty() id!: number;
  @ApiProperty() slug!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty() nameZh!: string;
  @ApiProperty({ description: 'Σ (1 + up-votes) over open questions; 1 for an expected area nobody asked about.' })
  demand!: number;
  @ApiProperty() questions!: number;
  @ApiProperty() expected!: boolean;
}

export class AssignmentDto {
  @ApiProperty() id!: number;
  @ApiProperty() meetupId!: number;
  @ApiProperty() engineerId!: number;
  @ApiProperty() engineerCode!: string;
  @ApiProperty() engineerName!: string;
  @ApiProperty({ enum: ['proposed', 'confirmed', 'excluded'] }) state!: string;
  @ApiProperty() pinned!: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The explanation: covers [{area, demand, depth}], travel {home, city | from, to}, load {month, meetups, maxMeetups, trips, maxTrips}, score.',
  })
  reasons!: Record<string, unknown>;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) confirmedAt!: Date | null;
}

export class ReviewMeetupDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The meetup as GET /api/meetups/:id has it.',
  })
  meetup!: Record<string, unknown>;
  @ApiProperty({ example: '2027-01-16', description: 'City-local date.' }) date!: string;
  @ApiProperty({ type: [AreaDemandDto] }) demand!: AreaDemandDto[];
  @ApiProperty({ type: [AssignmentDto] }) assignments!: AssignmentDto[];
  @ApiProperty({ type: [AreaDemandDto] }) gaps!: AreaDemandDto[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) candidates!: object[];
}

class BriefAskerDto {
  @ApiProperty() firstName!: string;
  @ApiProperty() city!: string;
  @ApiProperty() attending!: boolean;
}

class BriefAnswerDto {
  @ApiProperty() engineerCode!: string;
  @ApiProperty() note!: string;
  @ApiProperty() answeredAt!: Date;
}

class BriefRouteDto {
  @ApiProperty() engineerId!: number;
  @ApiProperty() engineerCode!: string;
}

export class BriefQuestionDto {
  @ApiProperty() id!: string;
  @ApiProperty() body!: string;
  @ApiProperty() votes!: number;
  @ApiProperty({ type: BriefAskerDto, description: 'First name and city only.' }) asker!: BriefAskerDto;
  @ApiPropertyOptional({ type: BriefRouteDto, nullable: true }) routedTo!: BriefRouteDto | null;
  @ApiPropertyOptional({ type: BriefAnswerDto, nullable: true }) answer!: BriefAnswerDto | null;
}

class BriefAreaDto {
  @ApiProperty({ type: 'object', additionalProperties: true }) productArea!: Record<string, unknown>;
  @ApiProperty() votes!: number;
  @ApiProperty({ type: [BriefQuestionDto], description: 'Most voted first.' }) questions!: BriefQuestionDto[];
}

export class BriefDto {
  @ApiProperty({ type: 'object', additionalProperties: true }) meetup!: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) team!: object[];
  @ApiProperty({ type: [BriefAreaDto] }) productAreas!: BriefAreaDto[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'Asked-about areas no confirmed engineer knows.',
  })
  uncovered!: object[];
  @ApiPropertyOptional({
    type: [BriefQuestionDto],
    nullable: true,
    description: 'After the meetup: unanswered questions.',
  })
  followUp!: BriefQuestionDto[] | null;
  @ApiProperty() total!: number;
}

export class MyMeetupsDto {
  @ApiProperty({ type: 'array', items: { type: 'object' } }) upcoming!: object[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) past!: object[];
}

export class AvailabilityViewDto {
  @ApiProperty({ type: [String], example: ['2027-01-16'] }) unavailableDates!: string[];
  @ApiProperty() availability!: string;
}
