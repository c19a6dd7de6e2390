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
    // An engineer sees only the meetups they are assigned to (PRODUCT.md); that list comes with their pages.
    const staff = STAFF_ROLES.includes(req.principal!.role);
    const locale = viewerLocale(req);
    const [members, cities, engineers, next, tasks] = await Promise.all([
      // Exact: the per-city counts the triggers keep, summed (not the planner's reltuples estimate).
      this.cities.memberTotal(),
      this.cities.count(),
      this.engineers.count(),
      staff ? this.meetups.next(5) : [],
      staff ? this.tasks.list() : [],
    ]);
    // Each meetup's funnel as its own page shows it: the sections other modules add (the RSVP funnel).
    const parts = await Promise.all(next.map((m) => this.sections.model(m, locale)));
    return {
      title: message('dashboard'),
      counts: { members, cities, engineers },
      empty: members === 0,
      staff,
      tasks,
      nextMeetups: next.map((m, i) => ({
        ...m,
        statusKey: `status_${m.status}`,
        funnelSvg: (parts[i].invitations as { funnelSvg?: string } | undefined)?.funnelSvg ?? null,
      })),
    };
  }
}
