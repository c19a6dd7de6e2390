import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, ValidationPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../common/id.pipe';
import { CitiesService } from './cities.service';
import { CityMergeService, MergeResult } from './city-merge.service';
import { RankedCity } from './city-ranking';
import { CityRankingService } from './city-ranking.service';
import { CityLookupDto } from './dto/city-lookup.dto';
import { CityMergeDto } from './dto/city-merge.dto';
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
    private readonly merges: CityMergeService,
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

  /** The city a name means, as an import would match it: code, any spelling, then an unambiguous county. */
  @Get('lookup')
  @ApiOkResponse({ description: 'The city with its aliases.' })
  @ApiNotFoundResponse({ description: "unknown city 'X' — nearest: …" })
  lookup(@Query(query) q: CityLookupDto) {
    return this.cities.lookup(q.name);
  }

  /** One city with its members and every alias. */
  @Get(':id')
  get(@Param('id', IdPipe) id: number) {
    return this.cities.detail(id);
  }

  /**
   * Merges this city (a duplicate) into `into`: members, meetups and counts move in one
   * transaction, and this city's names become aliases of `into`. 409 for a gazetteer city.
   */
  @Post(':id/merge')
  @HttpCode(200)
  merge(@Param('id', IdPipe) id: number, @Body() body: CityMergeDto): Promise<MergeResult> {
    return this.merges.merge(id, body.into);
  }
}
