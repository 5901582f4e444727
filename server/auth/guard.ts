// Route-level authorization: which role may open which page or API, before
// any handler runs. The rules themselves are the route table in
// server/routes.ts; this file applies them. Data-level rules (a funder's
// programmes/CUPs, disclosure control) live in warehouse/access and apply on
// top. Unknown paths need an internal role (fail closed); public paths are
// an explicit allow-list.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { recordAudit } from '../../warehouse/access/audit.ts';
import { ANONYMOUS } from '../../warehouse/accounts/account.ts';
import { forbiddenPage, pageLang } from './forbiddenPage.ts';
import { landingFor } from './landing.ts';
import { mayOpen, routeAccessFor, ruleFor, type RouteRule } from './routeAccess.ts';

export { FUNDER_AND_INTERNAL, INTERNAL, ruleFor, type Access, type RouteRule } from './routeAccess.ts';

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

/** A browser asking for a page (not the data API, not SvelteKit's data requests): it gets HTML. */
function wantsPage(req: Request): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && !req.path.startsWith('/api/') && !req.path.endsWith('/__data.json') && Boolean(req.accepts('html'));
}

/** Applies `rules` to every request; mount after the auth middleware (req.user) and before routes. */
export function routeGuard(rules: readonly RouteRule[]): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const user = req.user ?? ANONYMOUS;
    const wh = req.services?.warehouse;
    const landing = landingFor(user);
    req.routeAccess = routeAccessFor(rules, wh, user, landing);
    const rule = ruleFor(rules, req.path);
    const api = req.path.startsWith('/api/');
    if (rule.access === 'public') return next();
    // The overview is where the dashboard starts; whoever may not see it starts where their work is.
    const overview = req.path === '/' && wantsPage(req);
    if (user.role === 'public') {
      if (api || req.method !== 'GET') {
        res.status(401).json({ error: { code: 'LOGIN_REQUIRED', message: 'Accesso richiesto. / Login required.' } });
      } else {
        res.redirect(303, overview ? landing : `/login?next=${encodeURIComponent(req.originalUrl)}`);
      }
      return;
    }
    if (await mayOpen(rule, wh, user, req.path)) {
      // Non-public downloads are audited here, whichever handler serves them.
      if (wh && isDownload(req)) {
        const target = req.path.slice(0, 200);
        const detail = downloadFormat(req);
        res.on('finish', () => {
          const outcome = res.statusCode < 400 ? 'ok' : res.statusCode === 401 || res.statusCode === 403 ? 'denied' : 'failed';
          void recordAudit(wh, { actor: user.username, role: user.role, action: 'download', target, outcome, detail }).catch(() => {});
        });
      }
      return next();
    }
    if (overview && landing !== '/') return res.redirect(303, landing);
    if (wh) {
      await recordAudit(wh, { actor: user.username, role: user.role, action: 'deny', target: req.path.slice(0, 200), outcome: 'denied', detail: 'route' }).catch(() => {});
    }
    if (wantsPage(req)) {
      res.status(403).type('text/html').set('Cache-Control', 'no-store');
      res.send(forbiddenPage({ rule, user, landing, lang: pageLang(req.query.lang, req.headers.cookie) }));
    } else {
      res.status(403).json({ error: { code: 'FORBIDDEN', message: 'Non autorizzato. / Forbidden.' } });
    }
  };
}
