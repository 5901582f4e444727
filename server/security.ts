// HTTP hardening in one place: security headers with a strict CSP (helmet),
// an Origin check on state-changing requests and JSON APIs, rate limits on
// data APIs, request size limits, and `installSecurity(app, …)` that mounts
// them together with authentication (req.user) and the open-data downloads.
// Mount order (E's app): services middleware → installSecurity → API → SvelteKit.
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { rateLimit } from 'express-rate-limit';
import { recordAudit } from '../warehouse/access/audit.ts';
import { createOpenDataRouter } from '../warehouse/opendata/router.ts';
import { AnalystSql } from '../warehouse/access/analystSql.ts';
import { createAnalystSqlRouter } from '../warehouse/access/sqlRouter.ts';
import { join } from 'node:path';
import { createAuth, SESSION_COOKIE, type Auth, type AuthOptions } from './auth/http.ts';
import { routeGuard } from './auth/guard.ts';
import { ensureDemoUsers } from './auth/demoUsers.ts';
import { resolveSessionSecret } from './auth/secret.ts';
import { sessionPolicyFromEnv } from './auth/sessions.ts';
import type { AppServices } from './services.ts';

/**
 * CSP for everything Express answers itself (APIs, downloads, errors).
 * SvelteKit pages send their own header from kit.csp in svelte.config.js
 * (same directives plus per-response nonces), which replaces this one.
 */
export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
} as const;

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: Object.fromEntries(Object.entries(CSP_DIRECTIVES).map(([k, v]) => [k, [...v]])),
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
  });
}

function deny(req: Request, res: Response, status: number, code: string, message: string): void {
  const wh = req.services?.warehouse;
  if (wh) {
    void recordAudit(wh, { actor: req.user?.username ?? null, role: req.user?.role ?? 'public', action: 'deny', target: `${req.method} ${req.path}`.slice(0, 200), outcome: 'denied', detail: code }).catch(() => {});
  }
  res.status(status).json({ error: { code, message } });
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Public open data is meant to be read from anywhere (it carries no session data).
const isJsonApi = (path: string) => (path.startsWith('/api/') && !path.startsWith('/api/open-data/')) || path.startsWith('/auth/');

/**
 * Cross-site request forgery guard. State-changing requests (and any JSON API
 * request) carrying a foreign Origin are refused with 403. A state-changing
 * request without Origin is accepted only from clients without our session
 * cookie (CLI, scripts): browsers always send Origin on POST.
 */
export function originCheck(options: { allowedOrigins?: string[] } = {}): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const unsafe = !SAFE_METHODS.has(req.method);
    if (!unsafe && !isJsonApi(req.path)) return next();
    const own = `${req.protocol}://${req.get('host')}`;
    const allowed = new Set([own, ...(options.allowedOrigins ?? [])]);
    const origin = req.get('origin');
    const site = req.get('sec-fetch-site');
    if (origin !== undefined) {
      if (!allowed.has(origin)) return deny(req, res, 403, 'FOREIGN_ORIGIN', 'Richiesta da un altro sito rifiutata. / Cross-site request refused.');
      return next();
    }
    if (site === 'cross-site' || site === 'same-site') return deny(req, res, 403, 'FOREIGN_ORIGIN', 'Cross-site request refused.');
    if (unsafe && req.headers.cookie?.includes(`${SESSION_COOKIE}=`)) {
      const referer = req.get('referer');
      const refOrigin = originOf(referer);
      if (!refOrigin || !allowed.has(refOrigin)) return deny(req, res, 403, 'ORIGIN_REQUIRED', 'Request without Origin refused for a logged-in session.');
    }
    next();
  };
}

/**
 * Refuses paths that change under URL normalisation ('/open-data/../operations',
 * '%2e%2e' segments, backslashes): the route guard and the page router must see
 * the same path, or a public prefix could smuggle a private page.
 */
export function rejectUnnormalisedPaths(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const raw = req.originalUrl.split('?')[0];
    let normal: string;
    try {
      normal = new URL(raw, 'http://localhost').pathname;
    } catch {
      normal = '';
    }
    if (normal !== raw || raw.includes('\\')) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    next();
  };
}

/** Refuses bodies larger than maxBytes (413) before any parser reads them. */
export function requestSizeLimit(maxBytes: number): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const length = Number(req.get('content-length') ?? 0);
    if (length > maxBytes) return deny(req, res, 413, 'BODY_TOO_LARGE', `Request body larger than ${maxBytes} bytes.`);
    // Chunked bodies without Content-Length are bounded by each body parser's own limit.
    next();
  };
}

export function apiRateLimit(limit: { limit: number; windowMs: number }): RequestHandler {
  return rateLimit({
    windowMs: limit.windowMs,
    limit: limit.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) => deny(req, res, 429, 'TOO_MANY_REQUESTS', 'Troppe richieste: riprova tra poco. / Too many requests: slow down.'),
  });
}

export interface SecurityOptions {
  services: AppServices;
  /** Overrides for tests; defaults from the environment. */
  loginLimit?: AuthOptions['loginLimit'];
  apiLimit?: { limit: number; windowMs: number };
  maxBodyBytes?: number;
  allowedOrigins?: string[];
  env?: NodeJS.ProcessEnv;
  /** Analyst SQL limits (defaults: 10 s, 10,000 rows). */
  sqlLimits?: { timeoutMs: number; rowCap: number };
}

export interface InstalledSecurity {
  auth: Auth;
  /** The analyst SQL sandbox (POST /api/sql); close it on shutdown. */
  analystSql: AnalystSql;
}

/**
 * Mounts, in order: trust proxy (OSSERVATORIO_TRUST_PROXY), security headers,
 * refusal of unnormalised paths, size limit, Origin check, req.user from the session, API rate limit, the
 * /auth routes, the route guard (role per page/API), the /open-data downloads
 * and POST /api/sql (analyst SQL sandbox). Refuses to start without a
 * session secret outside demo mode; creates the demo users in demo mode.
 */
export async function installSecurity(app: Express, options: SecurityOptions): Promise<InstalledSecurity> {
  const env = options.env ?? process.env;
  const { services } = options;
  const secret = resolveSessionSecret({ demo: services.demo, env, logger: services.logger, demoSecretFile: services.paths.demoSessionSecret });
  const trust = env.OSSERVATORIO_TRUST_PROXY;
  if (trust) app.set('trust proxy', /^\d+$/.test(trust) ? Number(trust) : trust === 'true' ? true : trust);
  if (services.demo) {
    const created = await ensureDemoUsers(services.warehouse);
    if (created.length) services.logger.info({ code: 'DEMO_USERS_CREATED', users: created }, 'demo mode: created demo users (passwords in docs/security.md)');
  }
  const auth = createAuth({
    secret,
    demo: services.demo,
    policy: sessionPolicyFromEnv(env),
    loginLimit: options.loginLimit,
    forceSecureCookie: env.OSSERVATORIO_COOKIE_SECURE === 'always',
  });
  const apiLimit = options.apiLimit ?? { limit: Number(env.OSSERVATORIO_API_RATE_LIMIT ?? 600), windowMs: 60_000 };
  app.use(securityHeaders());
  app.use(rejectUnnormalisedPaths());
  app.use(requestSizeLimit(options.maxBodyBytes ?? 1_000_000));
  app.use(originCheck({ allowedOrigins: options.allowedOrigins }));
  app.use(auth.middleware);
  app.use(['/api', '/open-data'], apiRateLimit(apiLimit));
  app.use(auth.router);
  app.use(routeGuard());
  app.use(createOpenDataRouter({ dir: () => services.paths.openData }));
  const analystSql = new AnalystSql(services.warehouse, join(services.paths.dataDir, 'analyst-snapshot'), options.sqlLimits);
  app.use(createAnalystSqlRouter(analystSql));
  return { auth, analystSql };
}
