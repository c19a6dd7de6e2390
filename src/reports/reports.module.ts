import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { ReportsPagesController } from './reports.pages.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** Staff reports over feedback, attendance (and, once they exist, board items): read-only SQL, drawn as SVG. */
@Module({
  controllers: [ReportsController, ReportsPagesController],
  providers: [ReportsRepository, ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
