import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MeetupIdPipe } from '../meetups/meetup-id.pipe';
import { ReportsService } from '../reports/reports.service';
import { MeetupFeedbackService } from './meetup-feedback.service';

@ApiTags('feedback')
@ApiBearerAuth()
@Controller('api/meetups')
export class MeetupFeedbackController {
  constructor(
    private readonly feedback: MeetupFeedbackService,
    private readonly reports: ReportsService,
  ) {}

  @Get(':id/feedback')
  @ApiOperation({
    summary:
      "A meetup's feedback: figures (recommend score null below 10 answers), suggestions by product area with their authors, what was good (unnamed)",
  })
  async forMeetup(@Param('id', MeetupIdPipe) id: number) {
    const [found, figures] = await Promise.all([this.feedback.forMeetup(id), this.reports.forMeetup(id)]);
    return { ...found, figures };
  }
}
