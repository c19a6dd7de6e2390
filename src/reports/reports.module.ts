import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { ReportsPagesController } from './reports.pages.controller';
import { LoopReportRepository } from './loop-report.repository';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** Staff reports over feedback, attendance, board items and engineers: read-only SQL, drawn as SVG. */
@Module({
  controllers: [ReportsController, ReportsPagesController],
  providers: [ReportsRepository, LoopReportRepository, ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
