import { BigIdPipe } from '../common/id.pipe';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { flashAndRedirect } from '../common/flash';
import { MeetupIdPipe } from '../meetups/meetup-id.pipe';
import { QuestionItemDto } from './dto/question-item.dto';
import { QuestionLineageService } from './question-lineage.service';

/** The question actions of a meetup's feedback page (views/feedback/meetup.hbs): POST, then back to the page. */
@ApiExcludeController()
@Controller('meetups')
export class LoopPagesController {
  constructor(private readonly lineage: QuestionLineageService) {}

  @Post(':id/questions/:questionId/board-item')
  async link(
    @Param('id', MeetupIdPipe) id: number,
    @Param('questionId', BigIdPipe) questionId: string,
    @Body() body: QuestionItemDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const done = await this.lineage.toBoardItem(questionId, body.itemId, req.principal!);
    flashAndRedirect(req, res, `/meetups/${id}/feedback#questions`, 'loop.questionLinked', {
      item: done.itemId,
      count: done.followers,
    });
  }
}
