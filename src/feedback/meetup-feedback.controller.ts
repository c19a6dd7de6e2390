import { BigIdPipe } from '../common/id.pipe';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { QuestionItemDto } from '../loop/dto/question-item.dto';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MeetupIdPipe } from '../meetups/meetup-id.pipe';
import { ReportsService } from '../reports/reports.service';
import { MeetupFeedbackService } from './meetup-feedback.service';

@ApiTags('feedback')
@ApiBearerAuth()
@Controller('api')
export class MeetupFeedbackController {
  constructor(
    private readonly feedback: MeetupFeedbackService,
    private readonly reports: ReportsService,
  ) {}

  @Get('meetups/:id/feedback')
  @ApiOperation({
    summary:
      "A meetup's feedback: figures (recommend score null below 10 answers), suggestions by product area with their authors, what was good (unnamed)",
  })
  async forMeetup(@Param('id', MeetupIdPipe) id: number) {
    const [found, figures] = await Promise.all([this.feedback.forMeetup(id), this.reports.forMeetup(id)]);
    return { ...found, figures };
  }

  @Post('feedback-suggestions/:suggestionId/board-item')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Puts a waiting suggestion on the board: as its member's item, or linked to `itemId` (409 when it is on the board already)",
  })
  async toBoard(@Param('suggestionId', BigIdPipe) suggestionId: string, @Body() body: QuestionItemDto) {
    return { itemId: await this.feedback.toBoard(suggestionId, body.itemId) };
  }
}
