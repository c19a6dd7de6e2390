import { Controller, Get, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles, STAFF_ROLES } from '../common/access.decorators';
import { message } from '../common/strings';
import { CitiesService } from '../cities/cities.service';
import { EngineersService } from '../engineers/engineers.service';
import { MeetupsService } from '../meetups/meetups.service';
import { MembersService } from '../members/members.service';

@ApiExcludeController()
@Controller()
export class DashboardPagesController {
  constructor(
    private readonly members: MembersService,
    private readonly cities: CitiesService,
    private readonly engineers: EngineersService,
    private readonly meetups: MeetupsService,
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
    const [members, cities, engineers, next] = await Promise.all([
      this.members.count(),
      this.cities.count(),
      this.engineers.count(),
      this.meetups.next(5),
    ]);
    return {
      title: message('dashboard'),
      counts: { members, cities, engineers },
      empty: members === 0,
      nextMeetups: next.map((m) => ({ ...m, statusKey: `status_${m.status}` })),
    };
  }
}
