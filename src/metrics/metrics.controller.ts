import { Controller, Get, Headers, NotFoundException, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Public } from '../common/access.decorators';
import { Environment } from '../config/environment';
import { MetricsService } from './metrics.service';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Prometheus scrapes here with `Authorization: Bearer $METRICS_TOKEN`; without the setting there is nothing here. */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly env: Environment,
    private readonly metrics: MetricsService,
  ) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() res: Response): Promise<void> {
    if (!this.env.METRICS_TOKEN) throw new NotFoundException('Metrics are off: set METRICS_TOKEN to turn them on.');
    const given = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
    // Compared as digests: same length, constant time.
    if (!timingSafeEqual(digest(given), digest(this.env.METRICS_TOKEN))) {
      throw new UnauthorizedException('Send Authorization: Bearer <METRICS_TOKEN>.');
    }
    const { contentType, body } = await this.metrics.scrape();
    res.type(contentType).send(body);
  }
}
