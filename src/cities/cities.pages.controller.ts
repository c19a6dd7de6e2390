import { Body, Controller, Get, Param, Post, Query, Render, Req, Res, ValidationPipe } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { flashAndRedirect } from '../common/flash';
import { IdPipe } from '../common/id.pipe';
import { viewerLocale } from '../common/principal';
import { message } from '../common/strings';
import { CitiesService } from './cities.service';
import { CityMergeService } from './city-merge.service';
import { RANKING_ORDERS } from './city-ranking';
import { CityRankingService } from './city-ranking.service';
import { CityMergeDto } from './dto/city-merge.dto';
import { RankingQueryDto } from './dto/ranking-query.dto';
import { rankingChartSvg } from './ranking-chart';

@ApiExcludeController()
@Controller('cities')
export class CitiesPagesController {
  constructor(
    private readonly cities: CitiesService,
    private readonly ranking: CityRankingService,
    private readonly merges: CityMergeService,
  ) {}

  @Get('ranking')
  @Render('cities/ranking')
  async rank(@Query(new ValidationPipe({ whitelist: true })) q: RankingQueryDto, @Req() req: Request) {
    const order = q.order ?? 'members';
    const cities = await this.ranking.ranking(order);
    return {
      title: message('cityRanking'),
      cities,
      // Built from escaped text by rankingChartSvg; safe to inline.
      chart: rankingChartSvg(cities, viewerLocale(req)),
      orders: RANKING_ORDERS.map((o) => ({ value: o, label: `order_${o}`, current: o === order })),
    };
  }

  @Get()
  @Render('cities/list')
  async list() {
    const cities = await this.cities.list();
    return { title: message('cities'), cities, total: cities.length };
  }

  @Get(':id')
  @Render('cities/detail')
  async detail(@Param('id', IdPipe) id: number) {
    const [city, options] = await Promise.all([this.cities.detail(id), this.cities.options()]);
    return {
      title: city.name,
      city,
      aliases: city.aliases.map((a) => ({ ...a, kindLabel: `cities.aliasKind.${a.kind}` })),
      // A gazetteer city is the real one; only a duplicate offers the merge.
      mergeTargets: city.code ? [] : options.filter((o) => o.id !== id),
    };
  }

  @Post(':id/merge')
  async merge(@Param('id', IdPipe) id: number, @Body() body: CityMergeDto, @Req() req: Request, @Res() res: Response) {
    const result = await this.merges.merge(id, body.into);
    flashAndRedirect(req, res, `/cities/${result.into.id}`, 'cities.merged', {
      from: result.from.name,
      into: result.into.name,
    });
  }
}
