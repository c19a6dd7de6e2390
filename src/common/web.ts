import { INestApplication, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import connectPgSimple from 'connect-pg-simple';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import hbs from 'hbs';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Pool } from 'pg';
import { Environment, publicUrl } from '../config/environment';
import { DatabaseUrl } from '../database/database-url';
import { CsrfUtilities } from './csrf';
import { isPageRequest } from './principal';
import { projectRoot } from './project-root';
import { VIEW_HELPERS } from './view-helpers';

const SESSION_DAYS = 14;

/** The session cookie's name: `__Host-` under https, which browsers only accept (and clear) with Secure and Path=/. */
export const sessionCookie = (secure: boolean) => ({
  name: secure ? '__Host-meetloop.sid' : 'meetloop.sid',
  options: { httpOnly: true, sameSite: 'lax' as const, secure, path: '/' },
});

/** Express's "trust proxy" from TRUST_PROXY: a hop count, or a list of addresses, subnets and names. */
export function trustedProxies(setting: string): number | string[] {
  return /^\d+$/.test(setting) ? Number(setting) : setting.split(',').map((s) => s.trim());
}

function registerPartials(dir: string, root = dir): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) registerPartials(path, root);
    else if (entry.name.endsWith('.hbs')) {
      hbs.registerPartial(relative(root, path).replace(/\.hbs$/, ''), readFileSync(path, 'utf8'));
    }
  }
}

/** A CSRF token for the page being rendered; a stale cookie (e.g. from before sign-in) is replaced. */
export function csrfTokenFor(csrf: CsrfUtilities, req: Request, res: Response): string {
  try {
    return csrf.utilities.generateCsrfToken(req, res);
  } catch {
    return csrf.utilities.generateCsrfToken(req, res, { overwrite: true });
  }
}

// A navigation asks for text/html. Clients that send no Accept, or a bare "*/*" (test agents, curl, fetch),
// count too; an image request's "image/*,*/*;q=0.8" does not.
const wantsPage = (req: Request) => {
  const accept = req.get('accept');
  return !accept || accept.includes('text/html') || accept.trim() === '*/*';
};

/**
 * The web half of the app: Handlebars views, static assets, security headers,
 * sessions in PostgreSQL and the locals every page needs.
 */
export function configureWeb(app: INestApplication): void {
  const express = app as NestExpressApplication;
  const env = app.get(Environment);
  const secure = publicUrl(env).startsWith('https://');
  const root = projectRoot();

  // X-Forwarded-For comes only from the proxies TRUST_PROXY names: trusted from anyone, it let every client choose
  // the address that sign-in and RSVP limits count.
  if (env.TRUST_PROXY) express.set('trust proxy', trustedProxies(env.TRUST_PROXY));
  express.setBaseViewsDir(join(root, 'views'));
  express.setViewEngine('hbs');
  express.set('view options', { layout: 'layouts/main' });
  if (env.NODE_ENV === 'production') express.enable('view cache');
  hbs.localsAsTemplateData(express.getHttpAdapter().getInstance());
  for (const [name, helper] of Object.entries(VIEW_HELPERS)) hbs.registerHelper(name, helper);
  registerPartials(join(root, 'views', 'partials'));

  express.useStaticAssets(join(root, 'public'), { prefix: '/assets/', maxAge: '1h' });
  express.useStaticAssets(join(root, 'node_modules', '@picocss', 'pico', 'css'), {
    prefix: '/assets/vendor/pico/',
    maxAge: '7d',
  });

  // Swagger UI needs inline scripts; it gets its own, looser policy, everything else the strict one.
  const strict = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'base-uri': ["'none'"],
        'object-src': ["'none'"],
        ...(secure ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    strictTransportSecurity: secure,
    // Our own pages learn where a form was posted from (the language switch returns there, an error page links
    // back to it); other sites learn nothing, not even our origin.
    referrerPolicy: { policy: 'same-origin' },
  });
  // Swagger UI loads its scripts from files but writes inline styles.
  const docs = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'base-uri': ["'none'"],
        'object-src': ["'none'"],
      },
    },
    strictTransportSecurity: secure,
  });
  express.use((req: Request, res: Response, next: NextFunction) =>
    req.path.startsWith('/api/docs') ? docs(req, res, next) : strict(req, res, next),
  );

  express.use(cookieParser());
  const PgStore = connectPgSimple(session);
  express.use(
    session({
      store: new PgStore({ pool: app.get(SessionPool).pool, tableName: 'sessions', createTableIfMissing: false }),
      name: sessionCookie(secure).name,
      secret: env.APP_SECRET!,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      // An https PUBLIC_URL means a TLS proxy in front: the Secure cookie is set on its word (X-Forwarded-Proto).
      proxy: secure || undefined,
      cookie: { ...sessionCookie(secure).options, maxAge: SESSION_DAYS * 24 * 3600 * 1000 },
    }),
  );

  // express-session sends a response's headers before its session is saved, so a browser can follow
  // a 303 and load the next page before the POST's flash (or sign-in) is stored. Redirects of a
  // signed-in or flashed session therefore save first, as the express-session README advises.
  express.use((req: Request, res: Response, next: NextFunction) => {
    const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
    res.redirect = ((...args: unknown[]) => {
      if (!req.session?.accountId && !req.session?.memberId && !req.session?.flash) return redirect(...args);
      req.session.save((error) => (error ? next(error) : redirect(...args)));
    }) as Response['redirect'];
    next();
  });

  const csrf = app.get(CsrfUtilities);
  express.use((req: Request, res: Response, next: NextFunction) => {
    // Lazily: only pages that render a form pay for a token (and its cookie).
    let token: string | undefined;
    Object.defineProperty(res.locals, 'csrfToken', {
      get: () => (token ??= csrfTokenFor(csrf, req, res)),
      enumerable: true,
    });
    res.locals.path = req.path;
    // Only a page the browser navigates to takes the flash: the favicon request or a page's own
    // fetch (the check-in count) can land between a POST and its redirect and would swallow it.
    if (req.session?.flash && req.method === 'GET' && isPageRequest(req.path) && wantsPage(req)) {
      res.locals.flash = req.session.flash;
      delete req.session.flash;
    }
    next();
  });
}

const ADMIN_SHUTDOWN = '57P01';

/** A small pool of its own for sessions, closed with the app. */
@Injectable()
export class SessionPool implements OnApplicationShutdown {
  private readonly logger = new Logger('Sessions');
  readonly pool: Pool;

  constructor(url: DatabaseUrl) {
    this.pool = new Pool({ connectionString: url.url, max: 3, application_name: 'meetloop-sessions' });
    this.pool.on('error', (e: Error & { code?: string }) =>
      // 57P01: the server is shutting down. Ctrl-C reaches the embedded PostgreSQL as well as the app, so
      // every stop of a dev server would warn; the pool opens a new connection when one is needed.
      e.code === ADMIN_SHUTDOWN
        ? this.logger.debug(`session pool: ${e.message}`)
        : this.logger.warn(`session pool: ${e.message}`),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
