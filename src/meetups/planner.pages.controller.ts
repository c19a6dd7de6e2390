import { BadRequestException, Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import { cityNames } from '../cities/city-display';
import { DEFAULT_TIME_ZONE } from '../cities/city.entity';
import { checkForm, FormErrors, formErrorsOf } from '../common/form-check';
import { errorText, message, PerLocale } from '../common/strings';
import { flashAndRedirect } from '../common/flash';
import { AcceptPlanDto, PlanQueryDto } from './dto/planner.dto';
import { MeetupView } from './meetups.service';
import { ProposedMeetup } from './planner';
import { PLAN_LEAD_DAYS, PlannerService, PlanParameters } from './planner.service';

const PARAMS = ['startDate', 'cycleDays', 'perCycle', 'cycles', 'weekday', 'localTime', 'skipCycles'] as const;
const ROW = /^(cityId|startsLocal)_(\d{1,3})$/;

/** The plan's parameters as they arrived (query or form), without the rows and buttons. */
function paramsOf(source: Record<string, unknown>): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of PARAMS) if (source[key] !== undefined) picked[key] = source[key];
  // Each visit starts LEAD_DAYS from today (the city default zone's date) unless staff chose a date:
  // a first meetup two days away leaves no time to announce it and invite.
  if (!picked.startDate)
    picked.startDate = DateTime.now().setZone(DEFAULT_TIME_ZONE).plus({ days: PLAN_LEAD_DAYS }).toISODate();
  return picked;
}

/** Back to GET /planner with these parameters: proposing changes nothing, so it is a bookmarkable GET. */
function planUrl(p: PlanParameters): string {
  const q = new URLSearchParams({
    startDate: p.startDate,
    cycleDays: String(p.cycleDays),
    perCycle: String(p.perCycle),
    cycles: String(p.cycles),
    weekday: String(p.weekday),
    localTime: p.localTime,
  });
  if (p.skipCycles.length > 0) q.set('skipCycles', p.skipCycles.join(','));
  return `/planner?${q.toString()}`;
}

/** "Xi’an 2027-03-06 19:00; …" for the flash, with each city named in the reader's language. */
function acceptedList(created: MeetupView[]): PerLocale {
  const list = (locale: 'en' | 'zh-CN', separator: string) =>
    created
      .map((m) => `${cityNames({ name: m.city, nameZh: m.cityZh })[locale]} ${m.startsAt.replace('T', ' ')}`)
      .join(separator);
  return { en: list('en', '; '), 'zh-CN': list('zh-CN', '；') };
}

/** Row edits from the form: row index → the city and start staff chose. */
function rowsOf(body: Record<string, unknown>): Map<number, { cityId?: unknown; startsLocal?: unknown }> {
  const rows = new Map<number, { cityId?: unknown; startsLocal?: unknown }>();
  for (const [key, value] of Object.entries(body)) {
    const m = ROW.exec(key);
    if (!m) continue;
    const row = rows.get(Number(m[2])) ?? {};
    row[m[1] as 'cityId' | 'startsLocal'] = typeof value === 'string' ? value.trim() : value;
    rows.set(Number(m[2]), row);
  }
  return rows;
}

/**
 * The planner page: parameters (a GET form), the proposal with a city select
 * and a start field per row, and buttons that accept all rows or one, or skip
 * a cycle. Accepting goes through PlannerService.accept, like the API.
 */
@ApiExcludeController()
@Controller('planner')
export class PlannerPagesController {
  constructor(private readonly planner: PlannerService) {}

  @Get()
  async page(@Query() query: Record<string, unknown>, @Res() res: Response) {
    const { value, errors } = await checkForm(PlanQueryDto, paramsOf(query));
    if (errors) return this.render(res, 400, null, paramsOf(query), errors);
    await this.render(res, 200, value);
  }

  /**
   * "Skip cycle": the same proposal without that cycle. Without `skip` (Enter
   * pressed in a row's field) it proposes again as it was. Nothing is stored.
   */
  @Post('skip')
  async skip(@Body() body: Record<string, unknown>, @Res() res: Response) {
    const { value, errors } = await checkForm(PlanQueryDto, paramsOf(body));
    if (errors) throw new BadRequestException(Object.values(errors).flat());
    const p = this.planner.parameters(value);
    if (body.skip === undefined || body.skip === '') return res.redirect(303, planUrl(p));
    const skip = Number(body.skip);
    if (!Number.isInteger(skip) || skip < 0 || skip >= p.cycles) {
      throw new BadRequestException(errorText('plannerSkipRange', { last: String(p.cycles - 1) }));
    }
    res.redirect(303, planUrl({ ...p, skipCycles: [...p.skipCycles, skip].sort((a, b) => a - b) }));
  }

  /** "Accept all" or one row's "Accept": the rows (with any swapped city or moved start) become draft meetups. */
  @Post('accept')
  async accept(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const params = await checkForm(PlanQueryDto, paramsOf(body));
    if (params.errors) throw new BadRequestException(Object.values(params.errors).flat());
    const rows = rowsOf(body);
    const which = body.accept === 'all' ? [...rows.keys()].sort((a, b) => a - b) : [Number(body.accept)];
    const chosen = which.map((i) => rows.get(i));
    if (chosen.length === 0 || chosen.some((r) => !r)) {
      throw new BadRequestException(errorText('plannerChooseAccept'));
    }
    const plan = await checkForm(AcceptPlanDto, {
      meetups: chosen.map((r) => ({ cityId: Number(r!.cityId), startsLocal: r!.startsLocal })),
    });
    if (plan.errors) return this.render(res, 400, params.value, body, plan.errors, rows);
    try {
      const created = await this.planner.accept(plan.value);
      flashAndRedirect(req, res, planUrl(this.planner.parameters(params.value)), 'plannerAccepted', {
        meetups: acceptedList(created),
      });
    } catch (error) {
      const failed = formErrorsOf(error, []);
      await this.render(res, failed.status, params.value, body, failed.errors, rows);
    }
  }

  private async render(
    res: Response,
    status: number,
    q: PlanQueryDto | null,
    typed: Record<string, unknown> = {},
    errors: FormErrors | null = null,
    edits = new Map<number, { cityId?: unknown; startsLocal?: unknown }>(),
  ): Promise<void> {
    const p = q ? this.planner.parameters(q) : null;
    const [proposal, planned, choices] = q
      ? await Promise.all([this.planner.propose(q), this.planner.planned(q), this.planner.swapChoices()])
      : [[], [], []];
    const rows = proposal.map((m: ProposedMeetup, index) => {
      const edit = edits.get(index) ?? {};
      const cityId = edit.cityId !== undefined ? Number(edit.cityId) : m.cityId;
      const options = choices.some((c) => c.id === m.cityId)
        ? choices
        : [{ id: m.cityId, name: m.city, nameZh: m.cityZh, rank: m.rank, timeZone: m.timeZone }, ...choices];
      return {
        ...m,
        index,
        cycleNo: m.cycle + 1,
        startsLocal: typeof edit.startsLocal === 'string' ? edit.startsLocal : m.startsLocal,
        cities: options.map((c) => ({
          id: c.id,
          name: c.name,
          nameZh: c.nameZh,
          rank: c.rank,
          timeZone: c.timeZone,
          selected: c.id === cityId,
        })),
      };
    });
    const shown = p ?? { ...(typed as Partial<PlanParameters>), skipCycles: [] };
    res.status(status).render('planner/plan', {
      title: message('planner'),
      params: shown,
      weekdays: [1, 2, 3, 4, 5, 6, 7].map((d) => ({
        value: d,
        key: `weekday_${d}`,
        selected: d === Number(shown.weekday ?? 6),
      })),
      skipped: p?.skipCycles.map((c) => c + 1) ?? [],
      unskipUrl: p ? planUrl({ ...p, skipCycles: [] }) : null,
      skipValue: p?.skipCycles.join(',') ?? '',
      rows,
      planned: planned.map((m) => ({ ...m, statusKey: `status_${m.status}` })),
      errors,
    });
  }
}
