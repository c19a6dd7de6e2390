import { Module } from '@nestjs/common';
import { CitiesModule } from '../cities/cities.module';
import { DemoSeedService } from './demo-seed.service';
import { MemberErasureRepository } from './member-erasure.repository';
import { MemberErasureService } from './member-erasure.service';
import { MemberImportRepository } from './member-import.repository';
import { MemberImportService } from './member-import.service';
import { MembersController } from './members.controller';
import { MembersPagesController } from './members.pages.controller';
import { MemberQueries, MembersRepository } from './members.repository';
import { MembersService } from './members.service';

@Module({
  imports: [CitiesModule],
  controllers: [MembersController, MembersPagesController],
  providers: [
    MembersRepository,
    MemberQueries,
    MemberImportRepository,
    MemberImportService,
    MembersService,
    DemoSeedService,
    MemberErasureRepository,
    MemberErasureService,
  ],
  exports: [MembersRepository, MemberImportService, MembersService, DemoSeedService],
})
export class MembersModule {}
