import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReportsService } from './reports.service';

/** The reports' rows for other tools; the recommend score is null where fewer than 10 answered. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @ApiOperation({
    summary: 'Satisfaction and response rate per meetup, satisfaction per city and quarter, show-up per city',
  })
  all() {
    return this.reports.all();
  }
}
