import { Controller, Get, Header, Query, ValidationPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CitiesService } from './cities.service';
import { RankedCity } from './city-ranking';
import { CityRankingService } from './city-ranking.service';
import { RankingQueryDto } from './dto/ranking-query.dto';
import { rankingChartSvg } from './ranking-chart';

const query = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true });

@ApiTags('cities')
@ApiBearerAuth()
@Controller('api/cities')
export class CitiesController {
  constructor(
    private readonly cities: CitiesService,
    private readonly ranking: CityRankingService,
  ) {}

  @Get()
  list() {
    return this.cities.list();
  }

  /** Eligible cities ranked (each row says why), then cities in cool-down. */
  @Get('ranking')
  @ApiOkResponse({ description: 'Cities with members, density, never-invited, last meetup, cool-down and why.' })
  rank(@Query(query) q: RankingQueryDto): Promise<RankedCity[]> {
    return this.ranking.ranking(q.order);
  }

  @Get('ranking.svg')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @ApiProduces('image/svg+xml')
  async chart(@Query(query) q: RankingQueryDto): Promise<string> {
    return rankingChartSvg(await this.ranking.ranking(q.order));
  }
}
