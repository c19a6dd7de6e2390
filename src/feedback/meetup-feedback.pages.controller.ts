import { Controller, Get, Param, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { viewerLocale } from '../common/principal';
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
    };
  }
}
