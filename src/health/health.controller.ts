import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../common/access.decorators';
import type { Response } from 'express';
import { HealthService } from './health.service';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** 200 when the database answers within two seconds, 503 otherwise (for load balancers). */
  @Get()
  async check(@Res() res: Response): Promise<void> {
    const database = await this.health.databaseUp();
    res
      .status(database ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .json({ status: database ? 'ok' : 'unavailable', database: database ? 'up' : 'down' });
  }

  /** Liveness: the process answers. No database call, so a database outage does not get every instance restarted. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: the database answers and every migration of this code is applied; 503 otherwise. */
  @Get('ready')
  async ready(@Res() res: Response): Promise<void> {
    const { database, migrations } = await this.health.readiness();
    const ready = database && migrations;
    res.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      status: ready ? 'ready' : 'unavailable',
      database: database ? 'up' : 'down',
      migrations: migrations ? 'current' : 'pending',
    });
  }
}
