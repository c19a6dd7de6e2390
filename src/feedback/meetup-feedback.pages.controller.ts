import { BigIdPipe } from '../common/id.pipe';
import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { QuestionItemDto } from '../loop/dto/question-item.dto';
import { viewerLocale } from '../common/principal';
import { flashAndRedirect } from '../common/flash';
import { message } from '../common/strings';
import { MeetupIdPipe } from '../meetups/meetup-id.pipe';
import { ReportsService } from '../reports/reports.service';
import { MeetupFeedbackService } from './meetup-feedback.service';

const percent = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);

/** The staff page of one meetup's feedback: the figures, suggestions by product area, what was good. */
@ApiExcludeController()
@Controller('meetups')
export class MeetupFeedbackPagesController {
  constructor(
    private readonly feedback: MeetupFeedbackService,
    private readonly reports: ReportsService,
  ) {}

  @Get(':id/feedback')
  @Render('feedback/meetup')
  async forMeetup(@Param('id', MeetupIdPipe) id: number, @Req() req: Request) {
    const [found, figures] = await Promise.all([this.feedback.forMeetup(id), this.reports.forMeetup(id)]);
    const zh = viewerLocale(req) === 'zh-CN';
    return {
      title: message('feedback.staff.pageTitle', { title: found.meetup.title }),
      ...found,
      figures: {
        ...figures,
        responseShown: percent(figures.responseRate),
        ratingShown: figures.meanRating === null ? '—' : figures.meanRating.toFixed(2),
      },
      productAreas: found.productAreas.map((g) => ({ ...g, name: zh ? g.productArea.nameZh : g.productArea.nameEn })),
      questions: found.questions,
    };
  }

  /** Triage: a waiting suggestion goes on the board, as its member's item or linked to an existing one. */
  @Post(':id/feedback/suggestions/:suggestionId/board-item')
  async toBoard(
    @Param('id', MeetupIdPipe) id: number,
    @Param('suggestionId', BigIdPipe) suggestionId: string,
    @Body() body: QuestionItemDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const item = await this.feedback.toBoard(suggestionId, body.itemId);
    flashAndRedirect(req, res, `/meetups/${id}/feedback#feedback-suggestions`, 'loop.suggestionLinked', { item });
  }
}
