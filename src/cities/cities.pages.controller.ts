import { Controller, Get, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CitiesService } from './cities.service';

@ApiExcludeController()
@Controller('cities')
export class CitiesPagesController {
  constructor(private readonly cities: CitiesService) {}

  @Get()
  @Render('cities/list')
  async list() {
    const cities = await this.cities.list();
    return { title: 'Cities', cities, total: cities.length };
  }
}
