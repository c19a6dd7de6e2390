import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { apiDocsAccess } from './accounts/api-docs-access';
import { InputTextPipe } from './common/input-text.pipe';
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
  // Express 5 leaves req.body undefined when no parser took the request (no body, or a content type
  // such as text/plain): handlers and guards that read a field then threw, a 500. No body is an empty one.
  express.use((req: Request, _res: Response, next: NextFunction) => {
    req.body ??= {};
    next();
  });
  configureWeb(app);
  app.useGlobalPipes(
    new InputTextPipe(),
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, forbidUnknownValues: true }),
  );
  express.use(apiDocsAccess(app));
  const openApi = new DocumentBuilder()
    .setTitle('Meetloop API')
    .setDescription('City meetups for a fan community: members, cities, meetups, invitations, feedback.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi));
}
