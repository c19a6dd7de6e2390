import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IdPipe } from '../common/id.pipe';
import { viewerLocale } from '../common/principal';
import { message, translate, type Message } from '../common/strings';
import { flashAndRedirect } from '../common/flash';
import { ProductAreasService } from '../product-areas/product-areas.service';
import { MeetupIdPipe } from '../meetups/meetup-id.pipe';
import type { Locale } from '../common/locale';
import { AssignmentsService } from './assignments.service';
import {
  AddEngineerDto,
  AssignmentActionDto,
  ExpectedAreasDto,
  HorizonDto,
  MatchingSettingsDto,
} from './dto/matching.dto';
import type { ProposedPair } from './match-model';
import type { AssignmentRow } from './matching.repository';
import { DEFAULT_HORIZON_WEEKS, MatchingService, type ReviewMeetup } from './matching.service';

type AreaNames = Map<string, { nameEn: string; nameZh: string }>;

/** Staff's matching page: propose for the horizon, review each pair with its reasons, act, confirm. */
@ApiExcludeController()
@Controller('matching')
export class MatchingPagesController {
  constructor(
    private readonly matching: MatchingService,
    private readonly assignments: AssignmentsService,
    private readonly productAreas: ProductAreasService,
  ) {}

  @Get()
  async review(@Query() query: HorizonDto, @Req() req: Request, @Res() res: Response) {
    const weeks = query.weeks ?? DEFAULT_HORIZON_WEEKS;
    const locale = viewerLocale(req);
    const [meetups, areas, settings] = await Promise.all([
      this.matching.review(weeks),
      this.productAreas.all(),
      this.matching.settings(),
    ]);
    const expected = await this.matching.expectedAreas(meetups.map((m) => m.meetup.id));
    const names: AreaNames = new Map(areas.map((a) => [a.slug, a]));
    res.render('matching/review', {
      title: message('match.title'),
      weeks,
      horizon: message('match.horizon', { weeks }),
      matchSettings: settings,
      meetups: meetups.map((m) => ({
        ...this.meetupModel(m, names, locale, weeks),
        areaOptions: areas.map((a) => ({
          id: a.id,
          name: locale === 'zh-CN' ? a.nameZh : a.nameEn,
          checked: (expected.get(m.meetup.id) ?? []).includes(a.id),
        })),
      })),
    });
  }

  @Post('propose')
  async propose(@Body() body: HorizonDto, @Req() req: Request, @Res() res: Response) {
    const weeks = body.weeks ?? DEFAULT_HORIZON_WEEKS;
    const outcome = await this.matching.propose(weeks);
    const target = `/matching?weeks=${weeks}`;
    if (outcome.status === 'proposed') {
      const { proposed: count, meetups, gaps } = outcome;
      return flashAndRedirect(req, res, target, 'match.proposed', { count, meetups, gaps });
    }
    flashAndRedirect(req, res, target, 'match.notProposed', {
      reasons: outcome.reasons.map((r) => message(`match.why.${r.code}` as never, r.params)),
    });
  }

  @Post('assignments/:id')
  async act(
    @Param('id', IdPipe) id: number,
    @Body() body: AssignmentActionDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const row = await this.assignments.act(id, body.action);
    const target = `/matching?weeks=${body.weeks ?? DEFAULT_HORIZON_WEEKS}#meetup-${row?.meetupId ?? ''}`;
    if (body.action === 'confirm' && row?.state === 'confirmed') {
      return flashAndRedirect(req, res, target, 'match.confirmedFlash', { count: 1 });
    }
    flashAndRedirect(req, res, target, 'match.saved');
  }

  @Post('meetups/:id/engineers')
  async add(
    @Param('id', MeetupIdPipe) meetupId: number,
    @Body() body: AddEngineerDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.assignments.add(meetupId, body.engineerId, body.replacing);
    flashAndRedirect(
      req,
      res,
      `/matching?weeks=${body.weeks ?? DEFAULT_HORIZON_WEEKS}#meetup-${meetupId}`,
      'match.saved',
    );
  }

  @Post('meetups/:id/expected-areas')
  async setExpectedAreas(
    @Param('id', MeetupIdPipe) meetupId: number,
    @Body() body: ExpectedAreasDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.matching.setExpectedAreas(meetupId, body.productAreaIds);
    flashAndRedirect(
      req,
      res,
      `/matching?weeks=${body.weeks ?? DEFAULT_HORIZON_WEEKS}#meetup-${meetupId}`,
      'match.saved',
    );
  }

  @Post('confirm-all')
  async confirmAll(@Body() body: HorizonDto, @Req() req: Request, @Res() res: Response) {
    const weeks = body.weeks ?? DEFAULT_HORIZON_WEEKS;
    const meetups = await this.matching.horizon(weeks);
    const count = await this.assignments.confirmAll(meetups.map((m) => m.id));
    flashAndRedirect(req, res, `/matching?weeks=${weeks}`, 'match.confirmedFlash', { count });
  }

  @Post('settings')
  async saveSettings(
    @Body() { _csrf: _checked, ...body }: MatchingSettingsDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.matching.saveSettings(body);
    flashAndRedirect(req, res, '/matching', 'match.settingsSaved');
  }

  private meetupModel(m: ReviewMeetup, names: AreaNames, locale: Locale, weeks: number) {
    const areaName = (slug: string) => {
      const a = names.get(slug);
      return a ? (locale === 'zh-CN' ? a.nameZh : a.nameEn) : slug;
    };
    const localName = (a: { nameEn: string; nameZh: string }) => (locale === 'zh-CN' ? a.nameZh : a.nameEn);
    const team = m.assignments.filter((a) => a.state !== 'excluded');
    return {
      ...m.meetup,
      weeks,
      date: m.date,
      demand: m.demand.map((d) => ({ name: localName(d), demand: d.demand, expected: d.expected })),
      gaps: m.gaps.map((d) => ({ name: localName(d), demand: d.demand })),
      team: team.map((a) => this.pairModel(a, areaName, locale)),
      replaceable: team.filter((a) => a.state === 'proposed'),
      excluded: m.assignments.filter((a) => a.state === 'excluded'),
      candidates: m.candidates,
      hasProposals: team.some((a) => a.state === 'proposed'),
    };
  }

  private pairModel(a: AssignmentRow, areaName: (slug: string) => string, locale: Locale) {
    const reasons = a.reasons as Partial<ProposedPair>;
    const travel = reasons.travel;
    const load = reasons.load;
    const say = (m: Message) => translate(locale, m.key, m.params);
    return {
      ...a,
      stateText: say(message(`match.state.${a.state}` as never)),
      covers: (reasons.covers ?? []).map((c) => ({
        name: areaName(c.area),
        demand: c.demand,
        depth: say(message(c.depth === 'expert' ? 'eng.expert' : 'eng.knows')),
      })),
      travel: !travel
        ? ''
        : travel.home
          ? say(message('match.home', { city: travel.city }))
          : travel.from
            ? say(message('match.trip', { from: travel.from, to: travel.to }))
            : say(message('match.tripNoHome', { to: travel.to })),
      load: load
        ? say(
            message('match.loadText', {
              month: load.month,
              meetups: load.meetups,
              max: load.maxMeetups,
              trips: load.trips,
              maxTrips: load.maxTrips,
            }),
          )
        : '',
      canConfirm: a.state === 'proposed',
    };
  }
}
