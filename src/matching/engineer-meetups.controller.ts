import { Body, Controller, Get, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AvailabilityViewDto, BriefDto, BriefQuestionDto, MyMeetupsDto } from './dto/matching-views.dto';
import type { Request } from 'express';
import { ROLES } from '../common/role';
import { Roles } from '../common/access.decorators';
import { BigIdPipe } from '../common/id.pipe';
import { AvailabilityDto } from '../engineers/dto/engineer.dto';
import { EngineersService } from '../engineers/engineers.service';
import { MeetupIdPipe } from '../meetups/meetup-id.pipe';
import { AnswerDto } from './dto/matching.dto';
import { EngineerBriefService } from './engineer-brief.service';
import { MeetupAccessService } from './meetup-access.service';

/** Engineers: their meetups, each meetup's brief, answers, their own availability. */
@ApiTags('engineers')
@ApiBearerAuth()
@Roles(...ROLES)
@Controller('api/my')
export class EngineerMeetupsController {
  constructor(
    private readonly access: MeetupAccessService,
    private readonly briefs: EngineerBriefService,
    private readonly engineers: EngineersService,
  ) {}

  @Get('meetups')
  @ApiOkResponse({ type: MyMeetupsDto })
  @ApiOperation({ summary: 'The meetups the signed-in engineer is confirmed for' })
  meetups(@Req() req: Request) {
    return this.briefs.myMeetups(this.access.requireEngineer(req.principal!));
  }

  @Get('meetups/:id')
  @ApiOkResponse({ type: BriefDto })
  @ApiOperation({
    summary: 'A meetup’s brief: questions by product area (first name and city only); 403 unless confirmed',
  })
  async brief(@Param('id', MeetupIdPipe) id: number, @Req() req: Request) {
    await this.access.requireMeetup(req.principal!, id);
    return this.briefs.brief(id);
  }

  @Post('meetups/:id/questions/:questionId/answer')
  @ApiCreatedResponse({ type: BriefQuestionDto })
  @ApiOperation({ summary: 'Mark a question of the meetup answered, with a short note' })
  async answer(
    @Param('id', MeetupIdPipe) id: number,
    @Param('questionId', BigIdPipe) questionId: string,
    @Body() body: AnswerDto,
    @Req() req: Request,
  ) {
    const engineerId = this.access.requireEngineer(req.principal!);
    await this.access.requireMeetup(req.principal!, id);
    return this.briefs.markAnswered(engineerId, id, questionId, body.note ?? '');
  }

  @Get('availability')
  @ApiOkResponse({ type: AvailabilityViewDto })
  async availability(@Req() req: Request) {
    const e = await this.engineers.get(this.access.requireEngineer(req.principal!));
    return { unavailableDates: e.unavailableDates, availability: e.availability };
  }

  @Put('availability')
  @ApiOkResponse({ type: AvailabilityViewDto })
  @ApiOperation({ summary: 'The engineer’s own unavailable dates (the matching never sends them on those days)' })
  async setAvailability(@Body() body: AvailabilityDto, @Req() req: Request) {
    const e = await this.engineers.setAvailability(this.access.requireEngineer(req.principal!), body);
    return { unavailableDates: e.unavailableDates, availability: e.availability };
  }
}
