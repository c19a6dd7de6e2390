import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Public } from '../common/access.decorators';
import { CsrfExempt } from '../common/csrf';
import { RsvpThrottlerGuard } from '../invitations/core/rsvp-throttle';
import { QuestionInputDto } from './dto/question-input.dto';
import { MemberQuestionsDto, OwnQuestionDto, VoteResultDto } from './dto/question-views.dto';
import { MemberQuestions, QuestionsService, VoteResult } from './questions.service';
import type { OwnQuestion } from './questions.repository';

const CLOSED = 'Closed: past the RSVP deadline (ask, edit, delete) or the start (votes), or the meetup is cancelled.';
const NOT_ATTENDING = 'Only an accepted invitation may ask or vote; nobody votes on their own question.';

/**
 * An attendee's questions through their RSVP link, as JSON. The token in the
 * path is the only credential, as for answers; refusals carry a `reason`.
 */
@ApiTags('rsvp')
@ApiParam({ name: 'token', description: "The RSVP link's token." })
@ApiNotFoundResponse({ description: 'Unknown or tampered token, or no such question of this meetup.' })
@Public()
@CsrfExempt()
@UseGuards(RsvpThrottlerGuard)
@Controller('api/rsvp/:token/questions')
export class RsvpQuestionsController {
  constructor(private readonly questions: QuestionsService) {}

  @Get()
  @ApiOkResponse({
    type: MemberQuestionsDto,
    description: 'Own questions, the others’, the product areas. Changes nothing.',
  })
  list(@Param('token') token: string): Promise<MemberQuestions> {
    return this.questions.forMember(token);
  }

  @Post()
  @ApiCreatedResponse({ type: OwnQuestionDto, description: 'The question, in the lowest free of three slots.' })
  @ApiBadRequestResponse({ description: 'Empty or too long body, unknown product area.' })
  @ApiForbiddenResponse({ description: NOT_ATTENDING })
  @ApiConflictResponse({ description: 'The member already has three questions.' })
  @ApiGoneResponse({ description: CLOSED })
  ask(@Param('token') token: string, @Body() body: QuestionInputDto): Promise<OwnQuestion> {
    return this.questions.ask(token, body);
  }

  @Put(':id')
  @ApiOkResponse({ type: OwnQuestionDto, description: 'The question after the change; its votes stay.' })
  @ApiBadRequestResponse({ description: 'Empty or too long body, unknown product area.' })
  @ApiForbiddenResponse({ description: NOT_ATTENDING })
  @ApiGoneResponse({ description: CLOSED })
  edit(@Param('token') token: string, @Param('id') id: string, @Body() body: QuestionInputDto): Promise<OwnQuestion> {
    return this.questions.edit(token, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted, with its votes.' })
  @ApiForbiddenResponse({ description: NOT_ATTENDING })
  @ApiGoneResponse({ description: CLOSED })
  delete(@Param('token') token: string, @Param('id') id: string): Promise<void> {
    return this.questions.delete(token, id);
  }

  @Post(':id/vote')
  @HttpCode(200)
  @ApiOkResponse({ type: VoteResultDto, description: 'Voted; voting again changes nothing (changed: false).' })
  @ApiForbiddenResponse({ description: NOT_ATTENDING })
  @ApiGoneResponse({ description: CLOSED })
  vote(@Param('token') token: string, @Param('id') id: string): Promise<VoteResult> {
    return this.questions.vote(token, id);
  }

  @Delete(':id/vote')
  @ApiOkResponse({ type: VoteResultDto, description: 'The vote taken back (changed: false when there was none).' })
  @ApiForbiddenResponse({ description: NOT_ATTENDING })
  @ApiGoneResponse({ description: CLOSED })
  unvote(@Param('token') token: string, @Param('id') id: string): Promise<VoteResult> {
    return this.questions.unvote(token, id);
  }
}
