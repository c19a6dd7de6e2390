import { DynamicModule, Module } from '@nestjs/common';
import { CitiesModule } from './cities/cities.module';
import { ConfigModule } from './config/config.module';
import { Environment } from './config/environment';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { AccountsModule } from './accounts/accounts.module';
import { WebModule } from './web.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { EngineersModule } from './engineers/engineers.module';
import { JobsModule } from './jobs/jobs.module';
import { MailModule } from './mail/mail.module';
import { MembersModule } from './members/members.module';
import { MeetupsModule } from './meetups/meetups.module';
import { InvitationsModule } from './invitations/invitations.module';
import { QuestionsModule } from './questions/questions.module';
import { BoardsModule } from './boards/boards.module';
import { ProductAreasModule } from './product-areas/product-areas.module';
import { FeedbackModule } from './feedback/feedback.module';
import { ReportsModule } from './reports/reports.module';
import { LoopModule } from './loop/loop.module';
import './strings'; // the features' words, merged and handed to translate() before any page renders
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { RateLimitsModule } from './rate-limits/rate-limits.module';
import type { DestinationStream } from 'pino';
import { MatchingModule } from './matching/matching.module';

export interface AppOptions {
  env: Environment;
  /** The database to use: the external one, or the embedded cluster main.ts started. */
  databaseUrl: string;
  /** Where log lines go; stdout unless a test wants to read them. */
  logDestination?: DestinationStream;
}

@Module({})
export class AppModule {
  static register({ env, databaseUrl, logDestination }: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forEnvironment(env),
        LoggingModule.forEnvironment(env, logDestination),
        DatabaseModule.forUrl(databaseUrl, env.DB_POOL_SIZE),
        JobsModule,
        HealthModule,
        MetricsModule,
        RateLimitsModule,
        CitiesModule,
        MembersModule,
        MeetupsModule,
        EngineersModule,
        AccountsModule,
        WebModule,
        DashboardModule,
        MailModule,
        InvitationsModule,
        QuestionsModule,
        ProductAreasModule,
        FeedbackModule,
        ReportsModule,
        MatchingModule,
        BoardsModule,
        LoopModule,
      ],
    };
  }
}
