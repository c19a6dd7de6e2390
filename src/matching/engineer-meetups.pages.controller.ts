import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ROLES } from '../common/role';
import { Roles } from '../common/access.decorators';
import { BigIdPipe } from '../common/id.pipe';
import { viewerLocale } from '../common/principal';
import { message } from '../common/strings';
import { flashAndRedirect } from '../common/flash';
import { AvailabilityDto } from '../engineers/dto/engineer.dto';
import { EngineersService } from '../engineers/engineers.service';
import { MeetupIdPipe } from '../meetups/meetup-id.pipe';
import { AnswerDto } from './dto/matching.dto';
import { EngineerBriefService } from './engineer-brief.service';
import { MeetupAccessService } from './meetup-access.service';

/** Engineers' own pages: their meetups, each meetup's printable brief, their availability. */
@ApiExcludeController()
@Roles(...ROLES)
@Controller('my')
export class EngineerMeetupsPagesController {
  constructor(
    private readonly access: MeetupAccessService,
    private readonly briefs: EngineerBriefService,
    private readonly engineers: EngineersService,
  ) {}

  @Get('meetups')
  async meetups(@Req() req: Request, @Res() res: Response) {
    const mine = await this.briefs.myMeetups(this.access.requireEngineer(req.principal!));
    res.render('my/meetups', { title: message('brief.myMeetups'), ...mine });
  }

  @Get('meetups/:id')
  async brief(@Param('id', MeetupIdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    await this.access.requireMeetup(req.principal!, id);
    const brief = await this.briefs.brief(id);
    const zh = viewerLocale(req) === 'zh-CN';
    const name = (a: { nameEn: string; nameZh: string }) => (zh ? a.nameZh : a.nameEn);
    const me = req.principal!.engineerId;
    res.render('my/brief', {
      title: message('brief.pageTitle', { title: brief.meetup.title }),
      ...brief,
      canAnswer: me !== null,
      productAreas: brief.productAreas.map((a) => ({
        ...a,
        name: name(a.productArea),
        questions: a.questions.map((q) => ({ ...q, mine: q.routedTo?.engineerId === me })),
      })),
      uncoveredNames: brief.uncovered.map(name).join(zh ? '、' : ', '),
    });
  }

  @Post('meetups/:id/questions/:questionId/answer')
  async answer(
    @Param('id', MeetupIdPipe) id: number,
    @Param('questionId', BigIdPipe) questionId: string,
    @Body() body: AnswerDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const engineerId = this.access.requireEngineer(req.principal!);
    await this.access.requireMeetup(req.principal!, id);
    await this.briefs.markAnswered(engineerId, id, questionId, body.note ?? '');
    flashAndRedirect(req, res, `/my/meetups/${id}#question-${questionId}`, 'brief.answeredFlash');
  }

  @Get('availability')
  async availability(@Req() req: Request, @Res() res: Response) {
    const engineer = await this.engineers.get(this.access.requireEngineer(req.principal!));
    res.render('my/availability', {
      title: message('eng.myAvailability'),
      engineer,
      dates: engineer.unavailableDates.join('\n'),
    });
  }

  @Post('availability')
  async saveAvailability(@Body() body: AvailabilityDto, @Req() req: Request, @Res() res: Response) {
    await this.engineers.setAvailability(this.access.requireEngineer(req.principal!), body);
    flashAndRedirect(req, res, '/my/availability', 'eng.availabilitySaved');
  }
}
