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
import { ProductAreasModule } from './product-areas/product-areas.module';
import './strings'; // the features' words, merged and handed to translate() before any page renders
import { MatchingModule } from './matching/matching.module';

export interface AppOptions {
  env: Environment;
  /** The database to use: the external one, or the embedded cluster main.ts started. */
  databaseUrl: string;
}

@Module({})
export class AppModule {
  static register({ env, databaseUrl }: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forEnvironment(env),
        DatabaseModule.forUrl(databaseUrl, env.DB_POOL_SIZE),
        JobsModule,
        HealthModule,
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
        MatchingModule,
      ],
    };
  }
}
