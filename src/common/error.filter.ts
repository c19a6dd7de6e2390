import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ConflictException,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  ServiceUnavailableException,
} from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import type { Request, Response } from 'express';
import { databaseTrouble, DatabaseTrouble } from './database-trouble';
import { refusalsOf } from './form-check';
import { redactUrl } from './log-redaction';
import { isPageRequest } from './principal';
import { SignInRequiredException } from './sign-in-required.exception';
import { errorText, isErrorText, Message, message, StringKey, translate } from './strings';

const TITLES: Record<number, string> = {
  400: 'That did not work',
  401: 'Please sign in',
  403: 'Not for this account',
  404: 'Not found',
  409: 'That clashes with something',
  410: 'This link has expired',
  413: 'Too large',
  415: 'Unsupported content type',
  429: 'Slow down',
  500: 'Something went wrong on our side',
  503: 'Temporarily unavailable',
};

/** The page's title in the viewer's language (the JSON answer keeps the English one). */
const titleOf = (status: number): Message =>
  status in TITLES ? message(`error${status}` as StringKey) : message('errorOther');

/** After a refused form, a way back to it: the page the form was on, when it is one of ours. */
function backTo(req: Request): string | undefined {
  if (req.method === 'GET') return undefined;
  const referer = req.get('referer');
  if (!referer) return undefined;
  try {
    const from = new URL(referer);
    if (from.host !== req.get('host')) return undefined;
    return from.pathname + from.search;
  } catch {
    return undefined;
  }
}

const messageOf = (exception: HttpException): string[] => refusalsOf(exception).map((r) => r.english);

/** What the error page says: the viewer's language when the exception carries an ErrorText, else its English. */
const shownOf = (exception: HttpException): (string | Message)[] => refusalsOf(exception).map((r) => r.shown);

/** Extra fields an exception carries (e.g. a 409's `allowed` transitions) reach API clients; a page's wording does not. */
function extrasOf(body: unknown): object {
  if (body === null || typeof body !== 'object') return {};
  if (!isErrorText(body)) return body;
  const { shown: _shown, ...rest } = body;
  return rest;
}

/**
 * An error that is not Nest's but carries a client-error status of its own: body-parser's 413 (too
 * large), 415 (unknown charset or encoding) and 400 (malformed JSON) are `http-errors` with `status`
 * and `expose`. They keep their status; their message is shown only when the library marks it safe.
 */
function asHttpException(exception: unknown): HttpException | undefined {
  if (exception instanceof HttpException) return exception;
  if (exception === null || typeof exception !== 'object') return undefined;
  const { status, statusCode, expose, message } = exception as Record<string, unknown>;
  const code = typeof status === 'number' ? status : statusCode;
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 400 || code > 499) return undefined;
  const text = expose === true && typeof message === 'string' ? message : (HttpStatus[code] ?? 'Bad request');
  return new HttpException(text, code, { cause: exception });
}

/**
 * The last line behind the DTOs: PostgreSQL refusing a value (class 22: out of range, malformed) or a
 * constraint (class 23) is bad input, a 4xx — never a 500, and never the constraint's or a column's
 * name, which mean nothing to the user and tell an attacker the schema. The cause is logged, without a
 * stack, so the missing check can be added where the input arrives.
 */
function fromDatabase(exception: unknown, logger: Logger, req: Request): HttpException | undefined {
  if (!(exception instanceof QueryFailedError)) return undefined;
  const { code, constraint } = exception.driverError as { code?: string; constraint?: string };
  if (typeof code !== 'string' || !/^2[23]/.test(code)) return undefined;
  logger.warn(
    `${req.method} ${req.originalUrl}: database refused a value (${code} ${constraint ?? ''}): ${exception.message}`,
  );
  if (code === '23505') return new ConflictException('That clashes with something that already exists.');
  return new BadRequestException('A value was out of range or not allowed; check what you sent.');
}

const TROUBLE_TEXT: Record<DatabaseTrouble, StringKey> = {
  unavailable: 'databaseUnavailable',
  'read-only': 'databaseReadOnly',
  full: 'databaseFull',
};
/** A restart takes seconds; a read-only or full database waits for an operator. */
const RETRY_AFTER_SECONDS: Record<DatabaseTrouble, number> = { unavailable: 5, 'read-only': 60, full: 60 };

/**
 * The database restarting, gone, read-only or full is not a bug in the request or in the app: a 503 that
 * says which, with Retry-After, so people and clients wait and try again (an RSVP answer is safe to repeat).
 * Logged as one line without a stack: an outage brings many of them.
 */
function fromDatabaseTrouble(
  exception: unknown,
  logger: Logger,
  req: Request,
  res: Response,
): HttpException | undefined {
  if (exception instanceof HttpException) return undefined;
  const trouble = databaseTrouble(exception);
  if (!trouble) return undefined;
  logger.warn(
    `${req.method} ${redactUrl(req.originalUrl)} → 503, database ${trouble}: ${exception instanceof Error ? exception.message : String(exception)}`,
  );
  res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS[trouble]));
  return new ServiceUnavailableException(errorText(TROUBLE_TEXT[trouble]));
}

/**
 * One place that turns errors into answers: JSON for the API, a page for
 * people. Unexpected errors are logged with their stack and shown without it.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(thrown: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (res.headersSent) return;
    const troubled = fromDatabaseTrouble(thrown, this.logger, req, res);
    const exception = asHttpException(thrown) ?? troubled ?? fromDatabase(thrown, this.logger, req) ?? thrown;

    if (exception instanceof SignInRequiredException) {
      res.redirect(303, `/login?next=${encodeURIComponent(exception.next)}`);
      return;
    }
    const known = exception instanceof HttpException;
    const status = known ? exception.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
    const messages = known ? messageOf(exception) : [translate('en', 'errorLogged')];
    if (!troubled && (!known || status >= 500)) {
      this.logger.error(
        `${req.method} ${redactUrl(req.originalUrl)} → ${status}: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`,
      );
    }

    const wantsHtml = isPageRequest(req.path) && !req.xhr && req.accepts(['html', 'json']) === 'html';
    if (!wantsHtml) {
      res.status(status).json({
        ...(known ? extrasOf(exception.getResponse()) : {}),
        statusCode: status,
        error: TITLES[status] ?? HttpStatus[status] ?? 'Error',
        message: messages.length === 1 ? messages[0] : messages,
      });
      return;
    }
    res.status(status).render('error', {
      title: titleOf(status),
      status,
      messages: known ? shownOf(exception) : [message('errorLogged')],
      signIn: status === 401,
      back: backTo(req),
      // The request's id (X-Request-Id): the line in the logs that explains this page.
      requestId: (req as { id?: unknown }).id,
    });
  }
}
