import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CitiesService } from '../cities/cities.service';
import { message } from '../common/strings';
import { flashAndRedirect } from '../common/flash';
import { EngineerDto } from './dto/engineer.dto';
import { EngineersService } from './engineers.service';
import type { EngineerView } from './engineers.repository';
import { IdPipe } from '../common/id.pipe';
import { ProductAreasService } from '../product-areas/product-areas.service';

@ApiExcludeController()
@Controller('engineers')
export class EngineersPagesController {
  constructor(
    private readonly engineers: EngineersService,
    private readonly cities: CitiesService,
    private readonly productAreas: ProductAreasService,
  ) {}

  @Get()
  @Render('engineers/list')
  async list() {
    return { title: message('engineers'), engineers: await this.engineers.list() };
  }

  @Get('new')
  @Render('engineers/form')
  async newForm() {
    return this.form({ engineerCode: '', name: '', productAreaIds: [], active: true });
  }

  @Get(':id/edit')
  @Render('engineers/form')
  async editForm(@Param('id', IdPipe) id: number) {
    return this.form(await this.engineers.get(id));
  }

  @Post()
  async create(@Body() body: EngineerDto, @Req() req: Request, @Res() res: Response) {
    const engineer = await this.engineers.save(body);
    flashAndRedirect(req, res, '/engineers', 'engineerAdded', { code: engineer.engineerCode, name: engineer.name });
  }

  @Post(':id')
  async update(@Param('id', IdPipe) id: number, @Body() body: EngineerDto, @Req() req: Request, @Res() res: Response) {
    const engineer = await this.engineers.save(body, id);
    flashAndRedirect(req, res, '/engineers', 'engineerSaved', { code: engineer.engineerCode });
  }

  private async form(engineer: Partial<EngineerView>) {
    const [areas, cities] = await Promise.all([this.productAreas.all(), this.cities.options()]);
    return {
      title: engineer.id ? message('editEngineer', { code: String(engineer.engineerCode) }) : message('newEngineer'),
      engineer,
      areas: areas.map((a) => ({
        ...a,
        checked: engineer.productAreaIds?.includes(a.id),
        expert: engineer.expertAreaIds?.includes(a.id),
      })),
      languages: (engineer.languages ?? []).join(' '),
      unavailableDates: (engineer.unavailableDates ?? []).join('\n'),
      cities: cities.map((c) => ({ ...c, selected: c.id === engineer.homeCityId })),
    };
  }
}
