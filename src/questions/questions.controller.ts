import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MeetupQuestionsDto } from './dto/question-views.dto';
import { MeetupQuestions, QuestionsService } from './questions.service';
import { MeetupIdPipe } from '../meetups/meetup-id.pipe';

/** A meetup's questions for staff (engineers of the meetup come in a later issue). */
@ApiTags('questions')
@ApiBearerAuth()
@Controller('api/meetups')
export class QuestionsController {
  constructor(private readonly questions: QuestionsService) {}

  @Get(':id/questions')
  @ApiOkResponse({
    type: MeetupQuestionsDto,
    description: 'Every question of the meetup with its asker, grouped by product area, most voted first.',
  })
  @ApiNotFoundResponse({ description: 'No such meetup.' })
  forMeetup(@Param('id', MeetupIdPipe) id: number): Promise<MeetupQuestions> {
    return this.questions.forMeetup(id);
  }
}
