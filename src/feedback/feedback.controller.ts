import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RsvpThrottlerGuard } from '../invitations/core/rsvp-throttle';
import { Public } from '../common/access.decorators';
import { CsrfExempt } from '../common/csrf';
import { FeedbackAnswerDto, SimilarVoteDto } from './dto/feedback-answer.dto';
import { FeedbackService, FeedbackView } from './feedback.service';

/** What the API shows of a request: no ids beyond the meetup's. */
function publicView(view: FeedbackView) {
  const { requestId: _r, memberId: _m, ...rest } = view;
  return rest;
}

/**
 * The JSON twin of the feedback page. The link's token is the credential (no cookie, no CSRF);
 * GET only reads, POST saves. Rate-limited per address like the RSVP API.
 */
@ApiTags('feedback')
@Public()
@CsrfExempt()
@UseGuards(RsvpThrottlerGuard)
@Controller('api/feedback')
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Get(':token')
  @ApiOperation({ summary: "The meetup, the member's answer so far and the product areas; 404 bad link, 410 closed" })
  async show(@Param('token') token: string) {
    return publicView(await this.feedback.show(token));
  }

  @Post(':token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Saves (or replaces) the answer; 400 names each wrong field, 410 when closed' })
  async save(@Param('token') token: string, @Body() body: FeedbackAnswerDto) {
    return publicView(await this.feedback.save(token, body));
  }

  @Post(':token/suggestions/:slot/vote')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The suggestion in box `slot` (1–3) becomes a vote for a similar item (409 when it is on the board already)',
  })
  async voteInstead(@Param('token') token: string, @Param('slot') slot: string, @Body() body: SimilarVoteDto) {
    await this.feedback.voteInstead(token, /^[1-3]$/.test(slot) ? Number(slot) : 0, body.itemId);
    return publicView(await this.feedback.show(token));
  }

  @Post(':token/suggestions/:slot/post')
  @HttpCode(200)
  @ApiOperation({ summary: 'The suggestion in box `slot` (1–3) is posted as a new board item after all' })
  async postAsNew(@Param('token') token: string, @Param('slot') slot: string) {
    await this.feedback.postAsNew(token, /^[1-3]$/.test(slot) ? Number(slot) : 0);
    return publicView(await this.feedback.show(token));
  }
}
