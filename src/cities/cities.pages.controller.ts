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
import { chinaMapSvg, placeCities } from './china-map';

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
      chart: rankingChartSvg(cities, 10, viewerLocale(req)),
      orders: RANKING_ORDERS.map((o) => ({ value: o, label: `order_${o}`, current: o === order })),
    };
  }

  /** The ranking on a map of China, drawn here as SVG, with the same numbers in a table for everyone. */
  @Get('map')
  @Render('cities/map')
  async map(@Req() req: Request) {
    const cities = (await this.ranking.ranking('members')).filter((c) => c.members > 0);
    const placed = new Set(placeCities(cities).map((c) => c.id));
    return {
      title: message('mapTitle'),
      // Built from escaped text by chinaMapSvg; safe to inline.
      map: chinaMapSvg(cities, viewerLocale(req)),
      cities,
      notPlaced: cities
        .filter((c) => !placed.has(c.id))
        .map((c) => c.name)
        .join(', '),
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
