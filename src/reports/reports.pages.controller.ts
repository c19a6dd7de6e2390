import { Controller, Get, NotFoundException, Param, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { sendCsv } from '../common/csv-export';
import { viewerLocale } from '../common/principal';
import { message } from '../common/strings';
import { reportCharts, reportCsv, reportTables } from './reports-page';
import { REPORT_NAMES, ReportName, ReportsService } from './reports.service';

/** Staff report pages: pictures with their numbers beside them, and each report as CSV. */
@ApiExcludeController()
@Controller('reports')
export class ReportsPagesController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @Render('reports/index')
  async index(@Req() req: Request) {
    const locale = viewerLocale(req);
    const reports = await this.reports.all();
    return {
      title: message('reports.title'),
      charts: reportCharts(reports, locale),
      ...reportTables(reports, locale),
      minAnswers: 10,
    };
  }

  @Get(':name.csv')
  async csv(@Param('name') name: string, @Res() res: Response) {
    if (!(REPORT_NAMES as readonly string[]).includes(name)) throw new NotFoundException(`There is no report ${name}.`);
    const [header, rows] = reportCsv(name as ReportName, await this.reports.part(name as ReportName));
    res.set('Cache-Control', 'no-store');
    sendCsv(res, `meetloop-${name}.csv`, header, rows);
  }
}
