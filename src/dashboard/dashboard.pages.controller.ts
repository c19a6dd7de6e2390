import { Controller, Get, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles, STAFF_ROLES } from '../common/access.decorators';
import { viewerLocale } from '../common/principal';
import { message } from '../common/strings';
import { CitiesService } from '../cities/cities.service';
import { DashboardTasks } from '../dashboard-tasks/dashboard-tasks';
import { EngineersService } from '../engineers/engineers.service';
import { MeetupPageSections } from '../meetups/meetup-page-sections';
import { MeetupsService } from '../meetups/meetups.service';

@ApiExcludeController()
@Controller()
export class DashboardPagesController {
  constructor(
    private readonly cities: CitiesService,
    private readonly engineers: EngineersService,
    private readonly meetups: MeetupsService,
    private readonly sections: MeetupPageSections,
    private readonly tasks: DashboardTasks,
  ) {}

  @Roles('admin', 'staff', 'engineer', 'steward')
  @Get()
  @Render('dashboard')
  async dashboard(@Req() req: Request) {
    // Engineers and stewards get a start page of their own: how many members the community has, or which
    // meetups are planned, is staff's business (PRODUCT.md: an engineer sees only what belongs to their meetups).
    const role = req.principal!.role;
    if (!STAFF_ROLES.includes(role)) {
      return { title: message('dashboard'), own: role === 'steward' ? 'dashboardSteward' : 'dashboardEngineer' };
    }
    const locale = viewerLocale(req);
    const [members, cities, engineers, next, tasks] = await Promise.all([
      // Exact: the per-city counts the triggers keep, summed (not the planner's reltuples estimate).
      this.cities.memberTotal(),
      this.cities.count(),
      this.engineers.count(),
      this.meetups.next(5),
      this.tasks.list(),
    ]);
    // Each meetup's funnel as its own page shows it: the sections other modules add (the RSVP funnel).
    const parts = await Promise.all(next.map((m) => this.sections.model(m, locale)));
    return {
      title: message('dashboard'),
      counts: { members, cities, engineers },
      empty: members === 0,
      staff: true,
      tasks,
      nextMeetups: next.map((m, i) => ({
        ...m,
        statusKey: `status_${m.status}`,
        funnelSvg: (parts[i].invitations as { funnelSvg?: string } | undefined)?.funnelSvg ?? null,
      })),
    };
  }
}
