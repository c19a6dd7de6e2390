import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../common/access.decorators';
import type { Response } from 'express';
import { DataSource } from 'typeorm';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  /** 200 when the database answers within two seconds, 503 otherwise (for load balancers). */
  @Get()
  async check(@Res() res: Response): Promise<void> {
    const database = await this.databaseUp();
    res
      .status(database ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .json({ status: database ? 'ok' : 'unavailable', database: database ? 'up' : 'down' });
  }

  private async databaseUp(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 2000)));
    try {
      return await Promise.race([
        this.dataSource.query('SELECT 1').then(
          () => true,
          () => false,
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}
