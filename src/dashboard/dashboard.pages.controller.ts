import { Controller, Get, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Roles } from '../common/access.decorators';
import { message } from '../common/strings';
import { CitiesService } from '../cities/cities.service';
import { EngineersService } from '../engineers/engineers.service';
import { MembersService } from '../members/members.service';

@ApiExcludeController()
@Controller()
export class DashboardPagesController {
  constructor(
    private readonly members: MembersService,
    private readonly cities: CitiesService,
    private readonly engineers: EngineersService,
  ) {}

  @Roles('admin', 'staff', 'engineer', 'steward')
  @Get()
  @Render('dashboard')
  async dashboard() {
    const [members, cities, engineers] = await Promise.all([
      this.members.count(),
      this.cities.count(),
      this.engineers.count(),
    ]);
    return { title: message('dashboard'), counts: { members, cities, engineers }, empty: members === 0 };
  }
}
