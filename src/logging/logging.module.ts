import { DynamicModule, Injectable, Module } from '@nestjs/common';
import type { Request } from 'express';
import { Logger, LoggerModule, Params, PinoLogger } from 'nestjs-pino';
import pino, { DestinationStream, LevelWithSilent } from 'pino';
import { PinoPretty } from 'pino-pretty';
import { Environment } from '../config/environment';
import { REDACTED_PATHS, redactUrl } from '../common/log-redaction';
import { requestIdFor } from './request-id';

const PINO_LEVELS: Record<Environment['LOG_LEVEL'], LevelWithSilent> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** Probes ask every few seconds; their answers are not news. */
const QUIET_PATHS = /^\/(health(\/live|\/ready)?|metrics)\/?(\?|$)/;

/** Where the lines go: JSON on stdout in production and tests, readable lines in development. */
function destinationFor(env: Environment): DestinationStream {
  if (env.NODE_ENV !== 'development') return pino.destination({ fd: 1, sync: true });
  return PinoPretty({
    colorize: process.stdout.isTTY,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,context,req,res,responseTime,requestId,accountId',
    messageFormat: '{if context}[{context}] {end}{msg}',
  });
}

/** The nestjs-pino settings: one pino logger for the app's lines and pino-http's request lines. */
export function loggingParams(env: Environment, destination = destinationFor(env)): Params {
  return {
    pinoHttp: [
      {
        level: PINO_LEVELS[env.LOG_LEVEL],
        genReqId: (req, res) => requestIdFor(req, res),
        // Lines logged while serving a request carry only its id; the request's own line carries the rest.
        quietReqLogger: true,
        customAttributeKeys: { reqId: 'requestId' },
        customProps: (req) => {
          const r = req as Request;
          const accountId = r.principal?.accountId ?? r.session?.accountId;
          return accountId ? { accountId } : {};
        },
        serializers: {
          req: (req: { id: string; method: string; url: string; headers: Record<string, unknown> }) => ({
            id: req.id,
            method: req.method,
            url: redactUrl(req.url),
            userAgent: req.headers?.['user-agent'],
          }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
        autoLogging: { ignore: (req) => QUIET_PATHS.test(req.url ?? '') },
        // A 5xx is a warning on the request line: the error filter logs the error itself, with its stack and the
        // same request id, at error level. pino-http's own stand-in error ("failed with status code 500") is dropped.
        customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'warn' : 'info'),
        customErrorObject: (_req, _res, _error, value: Record<string, unknown>) => {
          const { err: _err, ...line } = value;
          return line;
        },
        customSuccessMessage: (req, res, ms) =>
          `${req.method} ${redactUrl((req as Request).originalUrl ?? req.url)} ${res.statusCode} ${ms} ms`,
        customErrorMessage: (req, res) =>
          `${req.method} ${redactUrl((req as Request).originalUrl ?? req.url)} ${res.statusCode} failed`,
      },
      destination,
    ],
  };
}

// Nest announces every module and every route at start (150 lines); operators want them only when debugging.
const START_CHATTER = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

/** nestjs-pino's Logger, with Nest's start-up chatter moved to debug. */
@Injectable()
export class AppLogger extends Logger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && START_CHATTER.has(context)) return super.debug(message, ...optionalParams);
    super.log(message, ...optionalParams);
  }
}

@Module({})
export class LoggingModule {
  static forEnvironment(env: Environment, destination?: DestinationStream): DynamicModule {
    const root = LoggerModule.forRoot(loggingParams(env, destination));
    return {
      module: LoggingModule,
      global: true,
      imports: [root],
      providers: [
        {
          provide: AppLogger,
          useFactory: (pinoLogger: PinoLogger) => new AppLogger(pinoLogger, {}),
          inject: [PinoLogger],
        },
      ],
      exports: [AppLogger],
    };
  }
}
