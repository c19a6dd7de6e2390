import {
  ArgumentsHost,
  Body,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  Inject,
  Param,
  forwardRef,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../common/access.decorators';
import { CsrfExempt } from '../common/csrf';
import { QuestionsService } from '../questions/questions.service';
import { questionsSection } from '../questions/questions-page';
import { RsvpAnswerDto } from './dto/rsvp-answer.dto';
import { RsvpThrottlerGuard } from './rsvp-throttle';
import { RequestMeta, RsvpGoneException, RsvpLinkNotValidException, RsvpService, RsvpView } from './rsvp.service';

const CHANGES = ['accepted', 'declined', 'waitlisted', 'offer-accepted', 'offer-declined', 'left-waitlist'];

export function requestMeta(req: Request): RequestMeta {
  return { ip: req.ip, userAgent: req.headers['user-agent']?.slice(0, 300) };
}

/** What the template needs beside the view: which sentence to show for the state and why answers are closed. */
export function pageOf(view: RsvpView, token: string, changed?: string) {
  const offered = view.state === 'waitlisted' && view.offerExpires !== null;
  const closed = view.window.closed;
  return {
    title: view.meetup.title,
    bare: true,
    locale: view.locale,
    token,
    rsvp: view,
    offered,
    waitlisted: view.state === 'waitlisted' && !offered,
    // Only the buttons that would change something: not "accept" again once coming or waiting in line.
    showAccept: view.window.canAccept && view.state !== 'accepted' && !(view.state === 'waitlisted' && !offered),
    showDecline: view.window.canDecline && view.state !== 'declined',
    stateKey: offered ? 'state.offered' : `state.${view.state}`,
    stateArg: offered ? view.offerExpires : view.position,
    closedKey: !closed
      ? null
      : closed === 'deadline' && view.window.canDecline
        ? 'closed.deadlineStepBack'
        : `closed.${closed}`,
    changed: changed && CHANGES.includes(changed) ? `changed.${changed}` : null,
  };
}

/** Fans get their own pages for a bad link (404) and a closed invitation (410), in their language where known. */
@Catch(RsvpLinkNotValidException, RsvpGoneException)
export class RsvpPageFilter implements ExceptionFilter {
  catch(exception: RsvpLinkNotValidException | RsvpGoneException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    if (exception instanceof RsvpGoneException) {
      res.status(410).render('rsvp/show', pageOf(exception.view, String(req.params.token)));
      return;
    }
    res.status(404).render('rsvp/invalid', { title: 'Link not valid · 链接无效', bare: true });
  }
}

/**
 * The member's RSVP page. GET (and HEAD, which Express routes here too) only
 * shows; answers are POSTs from the page's buttons. No CSRF token: the secret
 * link itself is the credential, and no cookie is involved that another site
 * could ride on.
 */
@ApiExcludeController()
@Public()
@CsrfExempt()
@UseGuards(RsvpThrottlerGuard)
@UseFilters(RsvpPageFilter)
@Controller('rsvp')
export class RsvpPagesController {
  constructor(
    private readonly rsvp: RsvpService,
    @Inject(forwardRef(() => QuestionsService)) private readonly questions: QuestionsService,
  ) {}

  @Get(':token')
  async show(
    @Param('token') token: string,
    @Query('changed') changed: string | undefined,
    @Query('question') question: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const view = await this.rsvp.show(token, req.method === 'HEAD' ? 'HEAD' : 'GET', requestMeta(req));
    const questions = questionsSection(await this.questions.forInvitation(view.invitationId), { done: question });
    res.set('Cache-Control', 'no-store').render('rsvp/show', { ...pageOf(view, token, changed), questions });
  }

  @Post(':token')
  async answer(@Param('token') token: string, @Body() body: RsvpAnswerDto, @Req() req: Request, @Res() res: Response) {
    const { change } = await this.rsvp.answer(token, body.answer, requestMeta(req));
    // Post/redirect/get: reloading the page must not answer again.
    res.redirect(303, `/rsvp/${token}${change ? `?changed=${change}` : ''}`);
  }
}
