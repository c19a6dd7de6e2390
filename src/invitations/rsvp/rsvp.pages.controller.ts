import {
  ArgumentsHost,
  Body,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../common/access.decorators';
import { CsrfExempt } from '../../common/csrf';
import { RsvpAnswerDto } from './dto/rsvp-answer.dto';
import { RsvpThrottlerGuard } from '../core/rsvp-throttle';
import { renderLinkNotValid } from '../core/rsvp-link.filter';
import { RsvpLinkNotValidException } from '../core/rsvp-link-not-valid.exception';
import { RsvpPage } from '../core/rsvp-page';
import { rsvpPageView, requestMeta } from './rsvp-page';
import { RsvpGoneException, RsvpService } from './rsvp.service';

/** Fans get their own pages for a bad link (404) and a closed invitation (410), in their language where known. */
@Catch(RsvpLinkNotValidException, RsvpGoneException)
export class RsvpPageFilter implements ExceptionFilter {
  catch(exception: RsvpLinkNotValidException | RsvpGoneException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    if (exception instanceof RsvpGoneException) {
      res.status(410).render('rsvp/show', rsvpPageView(exception.view, String(req.params.token)));
      return;
    }
    renderLinkNotValid(res);
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
    private readonly page: RsvpPage,
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
    // The other modules' parts of the page (the questions), each with its own confirmation in the query.
    const sections = await this.page.sectionsOf(view.invitationId, { question });
    res.set('Cache-Control', 'no-store').render('rsvp/show', { ...rsvpPageView(view, token, changed), ...sections });
  }

  @Post(':token')
  async answer(@Param('token') token: string, @Body() body: RsvpAnswerDto, @Req() req: Request, @Res() res: Response) {
    const { change } = await this.rsvp.answer(token, body.answer, requestMeta(req));
    // Post/redirect/get: reloading the page must not answer again.
    res.redirect(303, `/rsvp/${token}${change ? `?changed=${change}` : ''}`);
  }
}
