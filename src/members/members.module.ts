import { Module } from '@nestjs/common';
import { MemberImportService } from './member-import.service';
import { MembersController } from './members.controller';
import { MembersRepository } from './members.repository';
import { DemoSeedService } from './demo-seed.service';

@Module({
  controllers: [MembersController],
  providers: [MembersRepository, MemberImportService, DemoSeedService],
  exports: [MembersRepository, MemberImportService, DemoSeedService],
})
export class MembersModule {}
