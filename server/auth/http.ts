// HTTP side of authentication: the middleware that turns the session cookie
// into `req.user` (role + scope; anonymous = public), and the login/logout
// routes. SvelteKit reads the same object as `event.platform.req.user`.
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { parse as parseCookie } from 'cookie';
import type { Warehouse } from '../../warehouse/db.ts';
import { recordAudit } from '../../warehouse/access/audit.ts';
import { ANONYMOUS, type AuthUser } from '../../warehouse/accounts/account.ts';
import { RECHECK_MS, SessionStore, type SessionPolicy } from './sessions.ts';
import { authenticate, getUser, loadSessionUser } from '../../warehouse/accounts/users.ts';
import { homeText } from '../../warehouse/accounts/home.ts';
import { landingFor, PUBLIC_LANDING } from './landing.ts';

declare module 'http' {
  interface IncomingMessage {
    /** Set by the auth middleware on every request; ANONYMOUS (role public) when not logged in. */
    user?: AuthUser;
  }
}

export const SESSION_COOKIE = 'osservatorio_session';

export interface AuthOptions {
  secret: Buffer;
  demo: boolean;
  policy?: SessionPolicy;
  /** Login attempts per window per client before 429 (default 10 per 15 minutes). */
  loginLimit?: { limit: number; windowMs: number };
  /** Always mark the cookie Secure, even on plain HTTP (default: only when req.secure). */
  forceSecureCookie?: boolean;
  /**
   * Who resolves session cookies when this process keeps no sessions (a
   * snapshot reader: the writer, server/replica/writerLink.ts). Absent: this
   * process's own ops.sessions.
   */
  authority?: SessionAuthority;
}

/** Resolves a session cookie's token to its user, or null (no such live session). */
export interface SessionAuthority {
  resolve(token: string): Promise<AuthUser | null>;
}

export interface Auth {
  sessions: SessionStore;
  /** Sets req.user from the session cookie; mount before every route. */
  middleware: RequestHandler;
  /** POST /auth/login (then to next, or to the user's landing page), POST /auth/logout, GET /auth/me. */
  router: Router;
  /** The user of a live session on `db`, exactly as the middleware resolves it (the writer answers readers with it). */
  resolveUser(db: Warehouse, token: string): Promise<AuthUser | null>;
}

function warehouseOf(req: Request): Warehouse {
  const wh = req.services?.warehouse;
  if (!wh) throw new Error('req.services.warehouse is missing: mount the services middleware before auth');
  return wh;
}

function tokenOf(req: Request): string | undefined {
  const header = req.headers.cookie;
  return header ? parseCookie(header)[SESSION_COOKIE] : undefined;
}

/** Only same-site relative paths: '/x' but not '//host' or '/\\host'. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !/^\/(?![/\\])[\x21-\x7e]*$/.test(next) || next.startsWith('/auth/')) return '/';
  return next;
}

function wantsHtml(req: Request): boolean {
  return req.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded';
}

export function createAuth(options: AuthOptions): Auth {
  const sessions = new SessionStore(options.secret, options.policy);
  // The user behind a session, kept like the session itself (sessions.ts): users change
  // only through the CLI, which cannot open the database while this process serves it.
  const usersBy = new WeakMap<Warehouse, Map<string, { user: AuthUser | null; readAt: number }>>();
  const sessionUser = async (db: Warehouse, username: string): Promise<AuthUser | null> => {
    let users = usersBy.get(db);
    if (!users) usersBy.set(db, (users = new Map()));
    const kept = users.get(username);
    if (kept && Date.now() - kept.readAt <= RECHECK_MS) return kept.user;
    const user = await loadSessionUser(db, username, { demo: options.demo });
    if (users.size > 10_000) users.clear();
    users.set(username, { user, readAt: Date.now() });
    return user;
  };
  const cookieOptions = (req: Request) => ({
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: options.forceSecureCookie || req.secure,
    path: '/',
    maxAge: sessions.policy.absoluteHours * 3600_000,
  });

  const resolveUser = async (db: Warehouse, token: string): Promise<AuthUser | null> => {
    const username = await sessions.resolve(db, token);
    return username ? sessionUser(db, username) : null;
  };

  const middleware: RequestHandler = async (req: Request, res: Response, next: NextFunction) => {
    req.user = ANONYMOUS;
    const token = tokenOf(req);
    if (!token) return next();
    try {
      const user = options.authority ? await options.authority.resolve(token) : await resolveUser(warehouseOf(req), token);
      if (user) req.user = user;
      else res.clearCookie(SESSION_COOKIE, { path: '/' });
      next();
    } catch (err) {
      // Fail closed: a broken session lookup leaves the request anonymous.
      req.services?.logger.error({ code: 'SESSION_LOOKUP_FAILED', err: (err as Error).message }, 'session lookup failed');
      next();
    }
  };

  const router = Router();
  const body = [express.urlencoded({ extended: false, limit: '4kb' }), express.json({ limit: '4kb' })];
  const limit = options.loginLimit ?? { limit: 10, windowMs: 15 * 60_000 };
  const refuse = (req: Request, res: Response, detail: string) => {
    void recordAudit(warehouseOf(req), { actor: null, role: 'public', action: 'login', outcome: 'refused', detail }).catch(() => {});
    res.status(429).json({ error: { code: 'TOO_MANY_ATTEMPTS', message: 'Troppi tentativi di accesso: riprova tra qualche minuto. / Too many login attempts: try again later.' } });
  };
  // Per client: failed attempts from one address.
  const loginLimiter = rateLimit({
    windowMs: limit.windowMs,
    limit: limit.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    handler: (req, res) => refuse(req, res, 'rate_limited'),
  });
  // Per account: failed attempts on one username from any number of addresses
  // (twice the per-client budget, so one client alone meets its own limit first).
  const accountLimiter = rateLimit({
    windowMs: limit.windowMs,
    limit: limit.limit * 2,
    standardHeaders: false,
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    keyGenerator: (req) => {
      const u = (req.body as { username?: unknown } | undefined)?.username;
      return `account:${typeof u === 'string' ? u.trim().toLowerCase().slice(0, 64) : ''}`;
    },
    handler: (req, res) => refuse(req, res, 'account_rate_limited'),
  });

  router.post('/auth/login', loginLimiter, ...body, accountLimiter, async (req: Request, res: Response) => {
    const db = warehouseOf(req);
    const { username, password, next } = (req.body ?? {}) as Record<string, unknown>;
    const html = wantsHtml(req);
    if (typeof username !== 'string' || typeof password !== 'string' || password.length > 1024) {
      res.status(400).json({ error: { code: 'LOGIN_BAD_REQUEST', message: 'username and password are required.' } });
      return;
    }
    const user = await authenticate(db, username.trim().toLowerCase(), password, { demo: options.demo });
    if (!user) {
      const known = await getUser(db, username.trim().toLowerCase()).catch(() => undefined);
      // The target names a real account only; a typed-in unknown name might be a password or a person's name.
      await recordAudit(db, { actor: null, role: 'public', action: 'login', target: known?.username ?? null, outcome: 'denied', detail: 'bad_credentials' });
      if (html) res.redirect(303, `/login?error=1&next=${encodeURIComponent(safeNext(next))}`);
      else res.status(401).json({ error: { code: 'LOGIN_FAILED', message: 'Nome utente o password errati. / Wrong username or password.' } });
      return;
    }
    // New token on every login; any previous session of this browser ends (no fixation).
    await sessions.destroy(db, tokenOf(req));
    await sessions.purgeExpired(db);
    const token = await sessions.create(db, user.username!);
    res.cookie(SESSION_COOKIE, token, cookieOptions(req));
    await recordAudit(db, { actor: user.username, role: user.role, action: 'login', outcome: 'ok' });
    // The login form's default next is '/': each user goes where their work is instead.
    const target = safeNext(next);
    if (html) res.redirect(303, target === '/' ? landingFor(user) : target);
    else res.json({ username: user.username, role: user.role, scope: user.scope, landing: landingFor(user) });
  });

  router.post('/auth/logout', ...body, async (req: Request, res: Response) => {
    const db = warehouseOf(req);
    await sessions.destroy(db, tokenOf(req));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    if (req.user?.username) await recordAudit(db, { actor: req.user.username, role: req.user.role, action: 'logout', outcome: 'ok' });
    if (wantsHtml(req)) res.redirect(303, PUBLIC_LANDING);
    else res.json({ ok: true });
  });

  router.get('/auth/me', (req: Request, res: Response) => {
    const u = req.user ?? ANONYMOUS;
    res
      .set('Cache-Control', 'no-store')
      .json({ username: u.username, role: u.role, scope: u.scope, demo: u.demo, home: homeText(u.home), landing: landingFor(u) });
  });

  return { sessions, middleware, router, resolveUser };
}
