import { Body, Controller, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiGoneResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../common/access.decorators';
import { CsrfExempt } from '../../common/csrf';
import { RsvpAnswerDto } from './dto/rsvp-answer.dto';
import { requestMeta } from './rsvp-page';
import { RsvpThrottlerGuard } from '../core/rsvp-throttle';
import { RsvpResult, RsvpService, RsvpView } from './rsvp.service';

/** The RSVP link as JSON, for apps and tests: the token in the path is the only credential. */
@ApiTags('rsvp')
@Public()
@CsrfExempt()
@UseGuards(RsvpThrottlerGuard)
@Controller('api/rsvp')
export class RsvpController {
  constructor(private readonly rsvp: RsvpService) {}

  @Get(':token')
  @ApiOkResponse({ description: 'The invitation as its member sees it. Changes nothing.' })
  @ApiNotFoundResponse({ description: 'Unknown or tampered token.' })
  @ApiGoneResponse({ description: 'The invitation expired.' })
  show(@Param('token') token: string, @Req() req: Request): Promise<RsvpView> {
    return this.rsvp.show(token, req.method === 'HEAD' ? 'HEAD' : 'GET', requestMeta(req));
  }

  @Post(':token')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The invitation after the answer, and what changed (null: nothing).' })
  @ApiGoneResponse({
    description: 'Answers are closed: deadline passed, meetup cancelled or over, invitation expired.',
  })
  answer(@Param('token') token: string, @Body() body: RsvpAnswerDto, @Req() req: Request): Promise<RsvpResult> {
    return this.rsvp.answer(token, body.answer, requestMeta(req));
  }
}
