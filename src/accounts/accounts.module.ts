import { Module } from '@nestjs/common';
import { EngineersModule } from '../engineers/engineers.module';
import { AccountsController } from './accounts.controller';
import { AccountsPagesController } from './accounts.pages.controller';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { SignInPagesController } from './sign-in.pages.controller';

@Module({
  imports: [EngineersModule],
  controllers: [AccountsController, AccountsPagesController, SignInPagesController],
  providers: [AccountsRepository, AccountsService],
  exports: [AccountsService],
})
export class AccountsModule {}
