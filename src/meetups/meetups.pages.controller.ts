import { Body, ConflictException, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional } from 'class-validator';
import { RowId } from '../common/field-rules';
import type { Request, Response } from 'express';
import { CitiesService } from '../cities/cities.service';
import { checkForm, FormErrors, formErrorsOf } from '../common/form-check';
import { optionalNumber } from '../common/form.dto';
import { message, StringKey } from '../common/strings';
import { flashAndRedirect } from '../common/flash';
import type { Locale } from '../common/locale';
import { AnnouncementsService } from './announcements.service';
import { MEETUP_FIELDS, MeetupInputDto, meetupInputFromForm, MeetupTransitionFormDto } from './dto/meetup-input.dto';
import { MeetupPageSections } from './meetup-page-sections';
import { MeetupsService, MeetupView } from './meetups.service';
import { MeetupIdPipe } from './meetup-id.pipe';
import { viewerLocale } from '../common/principal';

export class MeetupListQueryDto {
  @Transform(optionalNumber)
  @IsOptional()
  @RowId({ message: 'cityId must be a city id' })
  cityId?: number;
}

/** What a list row or the detail page shows of a meetup: the view, and the words for its status. */
const shown = (m: MeetupView) => ({
  ...m,
  statusKey: `status_${m.status}`,
  rsvpDeadlineShown: m.rsvpDeadline?.replace('T', ' ') ?? null,
  transitions: m.allowedTransitions.map((s) => ({ status: s, key: `transition_${s}`, danger: s === 'cancelled' })),
});

/** Form fields as typed: the values to put back into the inputs. */
type FormValues = Record<string, unknown>;

@ApiExcludeController()
@Controller('meetups')
export class MeetupsPagesController {
  constructor(
    private readonly meetups: MeetupsService,
    private readonly cities: CitiesService,
    private readonly announcements: AnnouncementsService,
    private readonly sections: MeetupPageSections,
  ) {}

  @Get()
  @Render('meetups/list')
  async list(@Query() q: MeetupListQueryDto) {
    const [{ upcoming, past }, cities] = await Promise.all([this.meetups.overview(q.cityId), this.cities.options()]);
    return {
      title: message('meetups'),
      upcoming: upcoming.map(shown),
      past: past.map(shown),
      cityId: q.cityId,
      cities: cities.map((c) => ({ ...c, selected: c.id === q.cityId })),
    };
  }

  @Get('new')
  async newForm(@Query() q: MeetupListQueryDto, @Res() res: Response) {
    await this.renderForm(res, 200, null, { cityId: q.cityId, capacityMin: 30, capacityMax: 50 });
  }

  @Post()
  async create(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const { value, errors } = await checkForm(MeetupInputDto, meetupInputFromForm(body));
    if (errors) return this.renderForm(res, 400, null, body, errors);
    try {
      const m = await this.meetups.create(value);
      flashAndRedirect(req, res, `/meetups/${m.id}`, 'meetupCreated', { title: m.title });
    } catch (error) {
      const failed = formErrorsOf(error, MEETUP_FIELDS);
      await this.renderForm(res, failed.status, null, body, failed.errors);
    }
  }

  @Get(':id')
  @Render('meetups/detail')
  async detail(@Param('id', MeetupIdPipe) id: number, @Req() req: Request) {
    return this.detailModel(await this.meetups.get(id), viewerLocale(req));
  }

  @Get(':id/edit')
  async editForm(@Param('id', MeetupIdPipe) id: number, @Res() res: Response) {
    const m = await this.meetups.getEditable(id);
    await this.renderForm(res, 200, m, { ...m, rsvpDeadline: m.rsvpDeadline ?? '' });
  }

  @Post(':id')
  async update(
    @Param('id', MeetupIdPipe) id: number,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const current = await this.meetups.getEditable(id);
    const { value, errors } = await checkForm(MeetupInputDto, meetupInputFromForm(body));
    if (errors) return this.renderForm(res, 400, current, body, errors);
    try {
      const m = await this.meetups.update(id, value);
      flashAndRedirect(req, res, `/meetups/${id}`, 'meetupSaved', { title: m.title });
    } catch (error) {
      const failed = formErrorsOf(error, MEETUP_FIELDS);
      await this.renderForm(res, failed.status, current, body, failed.errors);
    }
  }

  @Post(':id/status')
  async transition(
    @Param('id', MeetupIdPipe) id: number,
    @Body() body: MeetupTransitionFormDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    try {
      const m = await this.meetups.transition(id, body.status);
      flashAndRedirect(req, res, `/meetups/${id}`, `meetupNow_${m.status}` as StringKey, { title: m.title });
    } catch (error) {
      // A stale page offered a change that is no longer allowed: show the page as it is now, with why.
      if (!(error instanceof ConflictException)) throw error;
      const model = await this.detailModel(await this.meetups.get(id), viewerLocale(req));
      res.status(409).render('meetups/detail', { ...model, errors: formErrorsOf(error, []).errors });
    }
  }

  /** The meetup's own facts, plus the sections other modules add (the invitations' funnel and pages). */
  private async detailModel(m: MeetupView, locale: Locale) {
    const [a, sections] = await Promise.all([this.announcements.view(m.id), this.sections.model(m, locale)]);
    return {
      ...sections,
      title: m.title,
      meetup: shown(m),
      editable: m.status !== 'held' && m.status !== 'cancelled',
      announcement: { ...a, stateKey: `announcement_${a.state}` },
    };
  }

  private async renderForm(
    res: Response,
    status: number,
    meetup: MeetupView | null,
    values: FormValues,
    errors: FormErrors | null = null,
  ): Promise<void> {
    const cities = await this.cities.options();
    const cityId = Number(values.cityId);
    res.status(status).render('meetups/form', {
      title: meetup ? message('meetupEditTitle', { title: meetup.title }) : message('meetupNew'),
      meetup,
      values,
      errors,
      zone: cities.find((c) => c.id === cityId)?.timeZone ?? null,
      cities: cities.map((c) => ({ ...c, selected: c.id === cityId })),
    });
  }
}
