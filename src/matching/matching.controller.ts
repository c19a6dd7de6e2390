import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AssignmentDto, ProposalOutcomeDto, ReviewMeetupDto } from './dto/matching-views.dto';
import { IdPipe } from '../common/id.pipe';
import { MeetupIdPipe } from '../meetups/meetup-id.pipe';
import { AssignmentsService } from './assignments.service';
import {
  AddEngineerDto,
  AssignmentActionDto,
  ExpectedAreasDto,
  HorizonDto,
  MatchingSettingsDto,
} from './dto/matching.dto';
import { DEFAULT_HORIZON_WEEKS, MatchingService } from './matching.service';

/** Staff: engineers matched to the meetups of the next cycles (the same use cases as /matching). */
@ApiTags('matching')
@ApiBearerAuth()
@Controller('api/matching')
export class MatchingController {
  constructor(
    private readonly matching: MatchingService,
    private readonly assignments: AssignmentsService,
  ) {}

  @Get()
  @ApiOkResponse({ type: [ReviewMeetupDto] })
  @ApiOperation({ summary: 'The horizon’s meetups with demand, proposals (with reasons), exclusions and gaps' })
  review(@Query() query: HorizonDto) {
    return this.matching.review(query.weeks ?? DEFAULT_HORIZON_WEEKS);
  }

  @Post('proposals')
  @ApiCreatedResponse({ type: ProposalOutcomeDto })
  @ApiOperation({ summary: 'Propose engineers for the horizon; confirmed and pinned stay. Infeasible: says why.' })
  propose(@Body() body: HorizonDto) {
    return this.matching.propose(body.weeks ?? DEFAULT_HORIZON_WEEKS);
  }

  @Post('assignments/:id')
  @ApiCreatedResponse({ type: AssignmentDto, description: 'The assignment now; null after `include` removed it.' })
  @ApiOperation({ summary: 'pin, unpin, exclude, include (undo an exclusion) or confirm (emails the engineer)' })
  act(@Param('id', IdPipe) id: number, @Body() body: AssignmentActionDto) {
    return this.assignments.act(id, body.action);
  }

  @Post('meetups/:id/engineers')
  @ApiCreatedResponse({ type: ReviewMeetupDto })
  @ApiOperation({ summary: 'Add an engineer by hand (pinned), or swap one in for `replacing`' })
  async add(@Param('id', MeetupIdPipe) meetupId: number, @Body() body: AddEngineerDto) {
    await this.assignments.add(meetupId, body.engineerId, body.replacing);
    return (await this.matching.review(DEFAULT_HORIZON_WEEKS)).find((m) => m.meetup.id === meetupId) ?? null;
  }

  @Put('meetups/:id/expected-areas')
  @ApiOperation({ summary: 'Staff’s expected product areas: the meetup’s demand until attendees ask' })
  async setExpectedAreas(@Param('id', MeetupIdPipe) meetupId: number, @Body() body: ExpectedAreasDto) {
    await this.matching.setExpectedAreas(meetupId, body.productAreaIds);
    return { productAreaIds: (await this.matching.expectedAreas([meetupId])).get(meetupId) ?? [] };
  }

  @Post('confirm-all')
  @ApiOperation({ summary: 'Confirm every proposal of the horizon; each engineer is emailed' })
  async confirmAll(@Body() body: HorizonDto) {
    const meetups = await this.matching.horizon(body.weeks ?? DEFAULT_HORIZON_WEEKS);
    return { confirmed: await this.assignments.confirmAll(meetups.map((m) => m.id)) };
  }

  @Get('settings')
  settings() {
    return this.matching.settings();
  }

  @Put('settings')
  saveSettings(@Body() { _csrf: _checked, ...body }: MatchingSettingsDto) {
    return this.matching.saveSettings(body);
  }
}
