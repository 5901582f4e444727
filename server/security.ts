// HTTP hardening: security headers with a strict CSP (helmet), an Origin
// check on state-changing requests and JSON APIs, refusal of paths that
// change under normalisation, a request size limit, the rate limiter used on
// data APIs and which proxy to trust for the client address. Where each one
// is mounted is in server/routes.ts.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { rateLimit } from 'express-rate-limit';
import { recordAudit } from '../warehouse/access/audit.ts';
import { SESSION_COOKIE } from './auth/http.ts';

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

export class PublicOriginError extends Error {
  readonly code = 'INVALID_PUBLIC_ORIGIN';
}

/**
 * The origin users reach the server at, from OSSERVATORIO_PUBLIC_ORIGIN
 * (scheme, host and port only, e.g. https://osservatorio.comune.example);
 * undefined when unset. A value with a path, query or another scheme is
 * refused at start rather than silently never matching any request.
 */
export function publicOriginSetting(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.OSSERVATORIO_PUBLIC_ORIGIN?.trim();
  if (!value) return undefined;
  const origin = originOf(value);
  if (!origin || !/^https?:$/.test(new URL(value).protocol) || origin !== value.replace(/\/$/, ''))
    throw new PublicOriginError(
      `OSSERVATORIO_PUBLIC_ORIGIN must be an origin such as https://osservatorio.comune.example (scheme, host and optional port, no path); got '${value.slice(0, 100)}'.`,
    );
  return origin;
}

/**
 * Cross-site request forgery guard. State-changing requests (and any JSON API
 * request) carrying a foreign Origin are refused with 403. A state-changing
 * request without Origin is accepted only from clients without our session
 * cookie (CLI, scripts): browsers always send Origin on POST.
 *
 * Our own origin is `publicOrigin` when configured. Without it, it is derived
 * from the request's Host header, which the client chooses: a request that
 * forges Host and a matching Origin passes, so behind a proxy that forwards
 * any Host the public origin should be configured.
 */
export function originCheck(options: { allowedOrigins?: string[]; publicOrigin?: string } = {}): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const unsafe = !SAFE_METHODS.has(req.method);
    if (!unsafe && !isJsonApi(req.path)) return next();
    const own = options.publicOrigin ?? `${req.protocol}://${req.get('host')}`;
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

/**
 * Express's 'trust proxy' setting from OSSERVATORIO_TRUST_PROXY (a hop
 * count, true, or a list of addresses), so rate limits count the real
 * client and secure cookies see https; undefined when unset.
 */
export function trustProxySetting(env: NodeJS.ProcessEnv): number | boolean | string | undefined {
  const trust = env.OSSERVATORIO_TRUST_PROXY;
  if (!trust) return undefined;
  return /^\d+$/.test(trust) ? Number(trust) : trust === 'true' ? true : trust;
}
