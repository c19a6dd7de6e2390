import { applyDecorators } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import {
  getMetadataStorage,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
  ValidationError,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;
/** A whole-number setting with one message for every way it can be wrong. */
function WholeNumber(name: string, min: number, max: number): PropertyDecorator {
  const message = `${name} must be a whole number between ${min} and ${max}`;
  return applyDecorators(Transform(toInt), IsInt({ message }), Min(min, { message }), Max(max, { message }));
}
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);
/** An optional absolute http(s) URL; empty counts as unset. */
function OptionalHttpUrl(name: string, example: string): PropertyDecorator {
  return applyDecorators(
    Transform(emptyToUndefined),
    IsOptional(),
    IsUrl(
      { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
      { message: `${name} must be an absolute http(s) URL such as ${example}` },
    ),
  );
}
/** An optional token, password or secret with a least length; `hint` tells how to make a good one. */
function OptionalSecret(name: string, minLength: number, hint = ''): PropertyDecorator {
  return applyDecorators(
    Transform(emptyToUndefined),
    IsOptional(),
    MinLength(minLength, { message: `${name} must be at least ${minLength} characters long${hint}` }),
    IsString(),
  );
}
/** The HMAC secret of a webhook: required once its URL is set. */
function WebhookSecret(name: string, urlName: string, hint = ''): PropertyDecorator {
  return applyDecorators(
    Transform(emptyToUndefined),
    ValidateIf((env: Record<string, unknown>) => env[urlName] !== undefined || env[name] !== undefined),
    // Listed before IsString so a missing secret's message reads as it always has: length first.
    MinLength(32, { message: `${name} must be at least 32 characters long (e.g. openssl rand -hex 32)${hint}` }),
    IsString({ message: `${name} is required when ${urlName} is set` }),
  );
}

/**
 * Every setting the app reads, with its default. The README lists the same
 * names; `loadEnvironment` is the only place that touches `process.env`.
 */
export class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @WholeNumber('PORT', 0, 65535)
  PORT = 3000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  HOST?: string;

  @OptionalHttpUrl('PUBLIC_URL', 'https://meetups.example.com')
  PUBLIC_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, {
    message: 'DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/meetloop',
  })
  DATABASE_URL?: string;

  @IsString()
  EMBEDDED_PG_DIR = '.data/postgres';

  @WholeNumber('EMBEDDED_PG_PORT', 1024, 65535)
  EMBEDDED_PG_PORT = 54329;

  @WholeNumber('DB_POOL_SIZE', 1, 200)
  DB_POOL_SIZE = 10;

  @IsIn(['auto', 'true', 'false'], {
    message: 'SEED_DEMO must be auto (seed an empty embedded database), true (seed any empty database) or false',
  })
  SEED_DEMO: 'auto' | 'true' | 'false' = 'auto';

  @WholeNumber('DEMO_MEMBERS', 0, 5000000)
  DEMO_MEMBERS = 100_000;

  @OptionalSecret('API_TOKEN', 24)
  API_TOKEN?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;

  @OptionalSecret('ADMIN_PASSWORD', 12)
  ADMIN_PASSWORD?: string;

  /** Signs sessions and fans' links. Unset in development: generated once and kept in the data folder. */
  @OptionalSecret('APP_SECRET', 32, ' (e.g. openssl rand -base64 48)')
  APP_SECRET?: string;

  /**
   * What this instance does: `all` (pages, API and jobs), `web` (pages and API; no job workers, no minute
   * tick) or `worker` (jobs, mail delivery, the minute tick; HTTP only for health and metrics).
   */
  @IsIn(['all', 'web', 'worker'], { message: 'MEETLOOP_ROLE must be all, web or worker' })
  MEETLOOP_ROLE: 'all' | 'web' | 'worker' = 'all';

  @Transform(({ value }) =>
    value === undefined || value === '' ? undefined : value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean({ message: 'JOBS_WORKERS must be true or false' })
  JOBS_WORKERS = true;

  /** Bearer token that opens GET /metrics; unset: /metrics answers 404. */
  @OptionalSecret('METRICS_TOKEN', 24)
  METRICS_TOKEN?: string;

  /** Weeks a city rests after a meetup before the ranking and planner offer it again. */
  @WholeNumber('COOL_DOWN_WEEKS', 0, 520)
  COOL_DOWN_WEEKS = 12;
  /** Required in production: without it mail would silently stay in the embedded sink, never reaching members. */
  @Transform(emptyToUndefined)
  @ValidateIf((env: Environment) => env.NODE_ENV === 'production' || env.SMTP_URL !== undefined)
  @IsString({
    message:
      'SMTP_URL is required in production (smtp://user:pass@relay:587): without it, mail would stay in the embedded sink',
  })
  @Matches(/^smtps?:\/\/.+/, {
    message: 'SMTP_URL must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.com:587',
  })
  SMTP_URL?: string;

  @WholeNumber('SMTP_SINK_PORT', 0, 65535)
  SMTP_SINK_PORT = 2525;

  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Meetloop <meetups@meetloop.local>';

  @WholeNumber('MAIL_RETRY_LIMIT', 0, 50)
  MAIL_RETRY_LIMIT = 8;

  @WholeNumber('MAIL_RETRY_DELAY_SECONDS', 1, 3600)
  MAIL_RETRY_DELAY_SECONDS = 15;

  @WholeNumber('MAIL_LEASE_SECONDS', 2, 3600)
  MAIL_LEASE_SECONDS = 60;

  @WholeNumber('MAIL_CONCURRENCY', 1, 100)
  MAIL_CONCURRENCY = 10;

  /** Where "Publish" posts a meetup's announcement; unset: staff copy it and mark it published by hand. */
  @OptionalHttpUrl('FORUM_WEBHOOK_URL', 'https://forum.example.com/hooks/meetloop')
  FORUM_WEBHOOK_URL?: string;

  /** Signs each webhook body (HMAC-SHA256), so the forum can tell our posts from forged ones. */
  @WebhookSecret('FORUM_WEBHOOK_SECRET', 'FORUM_WEBHOOK_URL', ', shared with the forum')
  FORUM_WEBHOOK_SECRET?: string;

  @WholeNumber('FORUM_RETRY_LIMIT', 0, 50)
  FORUM_RETRY_LIMIT = 8;

  @WholeNumber('FORUM_RETRY_DELAY_SECONDS', 1, 3600)
  FORUM_RETRY_DELAY_SECONDS = 30;

  @WholeNumber('FORUM_TIMEOUT_SECONDS', 1, 120)
  FORUM_TIMEOUT_SECONDS = 10;

  /** Days after an invitation before the same member may be invited again. */
  @WholeNumber('REINVITE_WINDOW_DAYS', 0, 3650)
  REINVITE_WINDOW_DAYS = 180;

  /** Longest time a waitlisted member has to take a freed seat (shorter as the meetup nears). */
  @WholeNumber('OFFER_WINDOW_HOURS', 1, 720)
  OFFER_WINDOW_HOURS = 48;

  /** Days before the start when accepted members get their reminder. */
  @WholeNumber('REMINDER_DAYS_BEFORE', 0, 60)
  REMINDER_DAYS_BEFORE = 2;

  /** Hours after a meetup ends when its checked-in attendees are asked for feedback. */
  @WholeNumber('FEEDBACK_DELAY_HOURS', 0, 240)
  FEEDBACK_DELAY_HOURS = 2;

  /** Days before the RSVP deadline when staff hear that too few have accepted. */
  @WholeNumber('LOW_TURNOUT_ALERT_DAYS', 0, 60)
  LOW_TURNOUT_ALERT_DAYS = 2;

  /**
   * Which proxies may tell the app the client's address (X-Forwarded-For) and protocol: unset trusts
   * none (the address is the connection's); else Express's "trust proxy" value — a hop count, or
   * addresses, subnets and the names loopback, linklocal, uniquelocal, comma-separated.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(
    /^(\d{1,2}|(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?))*)$/,
    {
      message:
        'TRUST_PROXY must be a hop count (1) or addresses/subnets of your proxies, e.g. loopback or 10.0.0.0/8, comma-separated',
    },
  )
  TRUST_PROXY?: string;

  /** Whether /api/docs and /api/docs-json answer anyone; otherwise signed-in staff and API tokens only. */
  @IsIn(['true', 'false'], { message: 'API_DOCS_PUBLIC must be true or false' })
  API_DOCS_PUBLIC: 'true' | 'false' = 'false';

  /** Requests per minute one address may make to the RSVP pages and API. */
  @WholeNumber('RSVP_RATE_LIMIT_PER_MINUTE', 1, 1000000)
  RSVP_RATE_LIMIT_PER_MINUTE = 60;

  /** Where board events (item created, status changed, merged, shipped) are POSTed, signed; unset: none are sent. */
  @OptionalHttpUrl('BOARD_WEBHOOK_URL', 'https://forum.example.com/hooks/boards')
  BOARD_WEBHOOK_URL?: string;

  /** Signs each board webhook body (HMAC-SHA256 of "<timestamp>.<body>", as the forum announcement). */
  @WebhookSecret('BOARD_WEBHOOK_SECRET', 'BOARD_WEBHOOK_URL')
  BOARD_WEBHOOK_SECRET?: string;

  /** Seconds a milestone waits before its digest is built, so a burst of changes makes one mail. */
  @WholeNumber('BOARD_DIGEST_DELAY_SECONDS', 0, 86400)
  BOARD_DIGEST_DELAY_SECONDS = 300;

  /** A board form sent sooner than this after it was shown is refused as a bot's. */
  @WholeNumber('BOARD_MIN_FILL_SECONDS', 0, 600)
  BOARD_MIN_FILL_SECONDS = 3;

  @WholeNumber('BOARD_VOTES_PER_HOUR', 1, 1000000)
  BOARD_VOTES_PER_HOUR = 120;

  @WholeNumber('BOARD_POSTS_PER_HOUR', 1, 1000000)
  BOARD_POSTS_PER_HOUR = 5;

  /** How long an emailed member sign-in link works. */
  @WholeNumber('MEMBER_SIGN_IN_MINUTES', 1, 1440)
  MEMBER_SIGN_IN_MINUTES = 20;

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';
}

export class EnvironmentError extends Error {}

function describe(errors: ValidationError[]): string {
  return errors
    .map((e) => {
      const received = e.value === undefined ? '' : ` (got ${JSON.stringify(e.value)})`;
      return `  ${e.property}${received}: ${[...new Set(Object.values(e.constraints ?? {}))].join('; ')}`;
    })
    .join('\n');
}

/** Reads and validates settings; throws an error naming each wrong variable. */
export function loadEnvironment(source: NodeJS.ProcessEnv = process.env): Environment {
  // Every property with a validation rule is a setting: a new one needs no second list here.
  const known = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(Environment, '', true, false)
      .map((m) => m.propertyName),
  );
  const picked: Record<string, unknown> = {};
  for (const key of known) if (source[key] !== undefined) picked[key] = source[key];
  const env = plainToInstance(Environment, picked);
  const errors = validateSync(env, { forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new EnvironmentError(`Invalid configuration:\n${describe(errors)}`);
  }
  return env;
}

export function publicUrl(env: Environment): string {
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
}
