import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { NulCharacterPipe } from './common/nul-character.pipe';
import { configureWeb } from './common/web';
import { workerGate } from './common/worker-gate';
import { Environment } from './config/environment';
import { MetricsService } from './metrics/metrics.service';

/** Everything main.ts and the tests must set up alike on a created app. */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  express.use(workerGate(app.get(Environment)));
  express.use(app.get(MetricsService).httpTimer());
  express.useBodyParser('json', { limit: '10mb' });
  express.useBodyParser('urlencoded', { extended: false, limit: '1mb' });
  configureWeb(app);
  app.useGlobalPipes(
    new NulCharacterPipe(),
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, forbidUnknownValues: true }),
  );
  const openApi = new DocumentBuilder()
    .setTitle('Meetloop API')
    .setDescription('City meetups for a fan community: members, cities, meetups, invitations, feedback.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi));
}
