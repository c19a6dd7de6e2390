import {
  ArgumentsHost,
  Body,
  Catch,
  ConflictException,
  Controller,
  ExceptionFilter,
  Get,
  Param,
  Post,
  Query,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { RsvpThrottlerGuard } from '../invitations/core/rsvp-throttle';
import type { Request, Response } from 'express';
import { Public } from '../common/access.decorators';
import { CsrfExempt } from '../common/csrf';
import { FeedbackFormDto, formAnswer, SimilarVoteDto } from './dto/feedback-answer.dto';
import {
  FeedbackClosedException,
  FeedbackInvalidException,
  FeedbackLinkNotValidException,
  FeedbackService,
  FeedbackView,
} from './feedback.service';
import { feedbackPage } from './feedback-page';

/** Fans get their own pages: a bad link (404, both languages), closed (410, read-only), refused (400, input kept). */
@Catch(FeedbackLinkNotValidException, FeedbackClosedException, FeedbackInvalidException)
export class FeedbackPageFilter implements ExceptionFilter {
  catch(exception: Error, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    const token = String(req.params.token);
    if (exception instanceof FeedbackClosedException) {
      res.status(410).render('feedback/form', feedbackPage(exception.view, token));
    } else if (exception instanceof FeedbackInvalidException) {
      const typed = formAnswer((req.body ?? {}) as FeedbackFormDto);
      res
        .status(400)
        .render('feedback/form', feedbackPage(exception.view, token, { typed, problems: exception.problems }));
    } else {
      res.status(404).render('rsvp/invalid', { title: 'Link not valid · 链接无效', bare: true });
    }
  }
}

/**
 * The member's feedback page, from the link in the request email. GET (and HEAD) only shows; the
 * form POSTs. No CSRF token, as on the RSVP page: the secret link is the credential, and no cookie
 * is involved that another site could ride on.
 */
@ApiExcludeController()
@Public()
@CsrfExempt()
@UseGuards(RsvpThrottlerGuard)
@UseFilters(FeedbackPageFilter)
@Controller('feedback')
export class FeedbackPagesController {
  constructor(private readonly feedback: FeedbackService) {}

  @Get(':token')
  async show(@Param('token') token: string, @Query('saved') saved: string | undefined, @Res() res: Response) {
    const view: FeedbackView = await this.feedback.show(token);
    res.set('Cache-Control', 'no-store').render('feedback/form', feedbackPage(view, token, { saved: saved === '1' }));
  }

  /** "Vote for this instead?": the member's suggestion becomes a vote for a similar item. */
  @Post(':token/suggestions/:slot/vote')
  async voteInstead(
    @Param('token') token: string,
    @Param('slot') slot: string,
    @Body() form: SimilarVoteDto,
    @Res() res: Response,
  ) {
    await this.settled(() => this.feedback.voteInstead(token, slotOf(slot), form.itemId));
    res.redirect(303, `/feedback/${token}`);
  }

  /** "Post mine as a new idea": the suggestion becomes the member's own item after all. */
  @Post(':token/suggestions/:slot/post')
  async postAsNew(@Param('token') token: string, @Param('slot') slot: string, @Res() res: Response) {
    await this.settled(() => this.feedback.postAsNew(token, slotOf(slot)));
    res.redirect(303, `/feedback/${token}`);
  }

  /** A second press (the suggestion is on the board already) just shows the page again. */
  private async settled(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
    }
  }

  @Post(':token')
  async save(@Param('token') token: string, @Body() form: FeedbackFormDto, @Res() res: Response) {
    await this.feedback.save(token, formAnswer(form));
    // Post/redirect/get: reloading the page must not post again.
    res.redirect(303, `/feedback/${token}?saved=1`);
  }
}

/** A suggestion box number from the path; anything else is no box (the service answers 404). */
const slotOf = (value: string) => (/^[1-3]$/.test(value) ? Number(value) : 0);
