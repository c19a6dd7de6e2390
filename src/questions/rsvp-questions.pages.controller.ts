import { Body, Controller, Param, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/access.decorators';
import { CsrfExempt } from '../common/csrf';
import { RsvpLinkFilter } from '../invitations/core/rsvp-link.filter';
import { RsvpPage } from '../invitations/core/rsvp-page';
import { RsvpThrottlerGuard } from '../invitations/core/rsvp-throttle';
import { formAreaId, QuestionFormDto } from './dto/question-input.dto';
import { QuestionRefusedException } from './question-refused.exception';
import { QuestionDone, questionsSection, TypedQuestion } from './questions-page';
import { QuestionsService } from './questions.service';

/**
 * The question forms of the RSVP page. Like the answer buttons, they POST with
 * the link's token as the only credential; success redirects back to the page
 * (post/redirect/get) with a short confirmation, a refusal shows the page again
 * with the reason in the member's language and what they typed.
 */
@ApiExcludeController()
@Public()
@CsrfExempt()
@UseGuards(RsvpThrottlerGuard)
@UseFilters(RsvpLinkFilter)
@Controller('rsvp/:token/questions')
export class RsvpQuestionsPagesController {
  constructor(
    private readonly page: RsvpPage,
    private readonly questions: QuestionsService,
  ) {}

  @Post()
  ask(@Param('token') token: string, @Body() form: QuestionFormDto, @Res() res: Response) {
    return this.run(token, res, 'added', () => this.questions.ask(token, this.input(form)), { ...form, target: 'new' });
  }

  @Post(':id')
  edit(@Param('token') token: string, @Param('id') id: string, @Body() form: QuestionFormDto, @Res() res: Response) {
    return this.run(token, res, 'saved', () => this.questions.edit(token, id, this.input(form)), {
      ...form,
      target: id,
    });
  }

  @Post(':id/delete')
  delete(@Param('token') token: string, @Param('id') id: string, @Res() res: Response) {
    return this.run(token, res, 'deleted', () => this.questions.delete(token, id));
  }

  @Post(':id/vote')
  vote(@Param('token') token: string, @Param('id') id: string, @Res() res: Response) {
    return this.run(token, res, 'voted', () => this.questions.vote(token, id));
  }

  @Post(':id/unvote')
  unvote(@Param('token') token: string, @Param('id') id: string, @Res() res: Response) {
    return this.run(token, res, 'unvoted', () => this.questions.unvote(token, id));
  }

  private input(form: QuestionFormDto) {
    return { productAreaId: formAreaId(form.productAreaId), body: form.body ?? '' };
  }

  private async run(
    token: string,
    res: Response,
    done: QuestionDone,
    work: () => Promise<unknown>,
    typed?: TypedQuestion,
  ) {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof QuestionRefusedException)) throw error;
      const questions = questionsSection(await this.questions.forMember(token), { problem: error.reason, typed });
      await this.page.showAgain(res, token, { questions }, error.getStatus());
      return;
    }
    res.redirect(303, `/rsvp/${token}?question=${done}#questions`);
  }
}
