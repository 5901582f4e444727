// Route-level authorization: which role may open which page or API, before
// any handler runs. The rules themselves are the route table in
// server/routes.ts; this file applies them. Data-level rules (a funder's
// programmes/CUPs, disclosure control) live in warehouse/access and apply on
// top. Unknown paths need an internal role (fail closed); public paths are
// an explicit allow-list.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { recordAudit } from '../../warehouse/access/audit.ts';
import { rolesWhere } from '../../warehouse/access/roles.ts';
import type { Role } from '../../warehouse/access/roles.ts';
import { ANONYMOUS, type AuthUser } from '../../warehouse/accounts/account.ts';

export type Access = 'public' | Role[];

export interface RouteRule {
  pattern: RegExp;
  access: Access;
  /** The first capture group is a programme code or CUP the funder's scope must cover. */
  scoped?: 'programme' | 'project';
}

// From the roles' rules: a new role lands in these lists by its rules, not by editing them.
const INTERNAL: Role[] = rolesWhere((r) => r.internal);
/** Every role that reads KPIs (scoped or not). */
const FUNDER_AND_INTERNAL: Role[] = rolesWhere((r) => r.kpis !== 'none');
export { INTERNAL, FUNDER_AND_INTERNAL };

/** The first rule matching a path; a path matching none needs an internal role. */
export function ruleFor(rules: readonly RouteRule[], path: string): RouteRule {
  // SvelteKit's client-side navigation fetches <page>/__data.json: same rule as the page.
  const page = path.replace(/\/__data\.json$/, '') || '/';
  return rules.find((r) => r.pattern.test(page)) ?? { pattern: /.*/, access: INTERNAL };
}

async function inScope(req: Request, user: AuthUser, rule: RouteRule, path: string): Promise<boolean> {
  if (user.role !== 'funder' || !rule.scoped) return true;
  const m = rule.pattern.exec(path.replace(/\/__data\.json$/, ''));
  let id: string;
  try {
    id = decodeURIComponent(m?.[1] ?? '');
  } catch {
    return false;
  }
  if (rule.scoped === 'programme') return user.scope.programmes.includes(id);
  if (user.scope.projects.includes(id)) return true;
  const wh = req.services?.warehouse;
  if (!wh || !user.scope.programmes.length) return false;
  const prog = await wh.scalar<string>(`select programme_code from core.projects where cup = $1`, [id]);
  return typeof prog === 'string' && user.scope.programmes.includes(prog);
}

const DOWNLOAD_FORMATS = new Set(['csv', 'xlsx', 'parquet', 'arrow', 'json']);

function downloadFormat(req: Request): string {
  const q = req.query.format;
  if (typeof q === 'string' && DOWNLOAD_FORMATS.has(q)) return q;
  const m = /\.(csv|xlsx|parquet)$/.exec(req.path);
  return m ? m[1] : 'download';
}

function isDownload(req: Request): boolean {
  const q = req.query.format;
  return (typeof q === 'string' && ['csv', 'xlsx', 'parquet'].includes(q)) || /\.(csv|xlsx|parquet)$|\/download$/.test(req.path);
}

/** Applies `rules` to every request; mount after the auth middleware (req.user) and before routes. */
export function routeGuard(rules: readonly RouteRule[]): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const user = req.user ?? ANONYMOUS;
    const rule = ruleFor(rules, req.path);
    const api = req.path.startsWith('/api/');
    if (rule.access === 'public') return next();
    if (user.role === 'public') {
      if (api || req.method !== 'GET') {
        res.status(401).json({ error: { code: 'LOGIN_REQUIRED', message: 'Accesso richiesto. / Login required.' } });
      } else {
        res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      }
      return;
    }
    let allowed = rule.access.includes(user.role);
    try {
      if (allowed) allowed = await inScope(req, user, rule, req.path);
    } catch {
      allowed = false; // fail closed
    }
    if (allowed) {
      // Non-public downloads are audited here, whichever handler serves them.
      const db = req.services?.warehouse;
      if (db && isDownload(req)) {
        const target = req.path.slice(0, 200);
        const detail = downloadFormat(req);
        res.on('finish', () => {
          const outcome = res.statusCode < 400 ? 'ok' : res.statusCode === 401 || res.statusCode === 403 ? 'denied' : 'failed';
          void recordAudit(db, { actor: user.username, role: user.role, action: 'download', target, outcome, detail }).catch(() => {});
        });
      }
      return next();
    }
    const wh = req.services?.warehouse;
    if (wh) {
      await recordAudit(wh, { actor: user.username, role: user.role, action: 'deny', target: req.path.slice(0, 200), outcome: 'denied', detail: 'route' }).catch(() => {});
    }
    if (api) res.status(403).json({ error: { code: 'FORBIDDEN', message: 'Non autorizzato. / Forbidden.' } });
    else res.status(403).type('text/html').send('<!doctype html><meta charset="utf-8"><title>403</title><p>Non hai accesso a questa pagina. / You do not have access to this page.</p><p><a href="/">Home</a></p>');
  };
}
