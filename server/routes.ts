// Every route of the serving process and who may open it, in one file:
//  - ROUTE_RULES: path → access, for pages and APIs alike. The route guard
//    applies them before any handler runs: the first matching rule wins, and
//    a path matching none needs an internal role (fail closed).
//  - mountRoutes(): what Express runs, top to bottom. Order matters: the
//    probes and the CLI's token answer before any session is read, the
//    Origin check runs before login, the guard before every data route, and
//    the SvelteKit pages come last.
import { join } from 'node:path';
import type { Express, RequestHandler } from 'express';
import { AnalystSql, analystSqlLimitsFromEnv, type AnalystSqlLimits } from '../warehouse/access/analystSql.ts';
import { createApiRouter } from './api/index.ts';
import { configureAuth } from './auth/configure.ts';
import { FUNDER_AND_INTERNAL, INTERNAL, routeGuard, type RouteRule } from './auth/guard.ts';
import type { Auth, AuthOptions, SessionAuthority } from './auth/http.ts';
import { replicaAuthority } from './routes/replica.ts';
import { createAlertsRouter, operatorAlerts } from './routes/alerts.ts';
import { createAnalystSqlRouter } from './routes/analystSql.ts';
import { createHealthRouter } from './routes/health.ts';
import { createJobsRouter, operatorJobs } from './routes/jobs.ts';
import { createOfficialOpenDataRouter } from './routes/officialOpenData.ts';
import { createOpenDataRouter } from './routes/openData.ts';
import { pagesHandler } from './routes/pages.ts';
import { createReportsRouter } from './routes/reports.ts';
import { operatorReports } from './routes/operatorReports.ts';
import {
  apiRateLimit,
  originCheck,
  publicOriginSetting,
  rejectUnnormalisedPaths,
  requestSizeLimit,
  securityHeaders,
  trustProxySetting,
} from './security.ts';
import type { AppServices } from './services.ts';

/**
 * Who may open which path. Page rules also cover the page's __data.json
 * (SvelteKit's client-side navigation). A scoped rule's first capture group
 * is a programme code or CUP that a funder's scope must cover.
 */
export const ROUTE_RULES: readonly RouteRule[] = [
  // Signing in and out: the /login page; POST /auth/login|logout, GET /auth/me (server/auth/http.ts).
  { pattern: /^\/(login|logout)\/?$/, access: 'public' },
  { pattern: /^\/auth\/(login|logout|me)$/, access: 'public' },
  // Probes (routes/health.ts).
  { pattern: /^\/(healthz|readyz)$/, access: 'public' },
  // Open data: the /open-data pages, the published files and /api/open-data/:table (routes/openData.ts).
  { pattern: /^\/open-data(\/.*)?$/, access: 'public' },
  { pattern: /^\/api\/open-data(\/.*)?$/, access: 'public' },
  // The KPI registry (names, methodology; server/api) is what /methodology shows to everyone.
  { pattern: /^\/api\/kpis\/?$/, access: 'public' },
  { pattern: /^\/methodology(\/.*)?$/, access: 'public' },
  // Assets of the built app and of dashboard/static (map boundaries, fonts, images): no data about people.
  { pattern: /^\/_app\/.*$/, access: 'public' },
  { pattern: /^\/[\w.-]+\.(css|js|ico|png|svg|webp|woff2?|txt|webmanifest)$/, access: 'public' },
  { pattern: /^\/(geo|fonts|images|icons|assets)\/[\w.-]+(\/[\w.-]+)*$/, access: 'public' },
  // A funder's own programmes and projects (scope checked by the guard), spend, KPI data and the
  // official series (server/api).
  { pattern: /^\/programmes\/([^/]+)\/?$/, access: FUNDER_AND_INTERNAL, scoped: 'programme' },
  { pattern: /^\/projects\/([^/]+)\/?$/, access: FUNDER_AND_INTERNAL, scoped: 'project' },
  { pattern: /^\/spend\/?$/, access: FUNDER_AND_INTERNAL },
  // Reports: the page printed to PDF (and its tables to XLSX) with the requester's session (routes/reports.ts).
  { pattern: /^\/reports\/project\/([^/]+)\.(pdf|xlsx)$/, access: FUNDER_AND_INTERNAL, scoped: 'project' },
  { pattern: /^\/reports\/programme\/([^/]+)\.(pdf|xlsx)$/, access: FUNDER_AND_INTERNAL, scoped: 'programme' },
  { pattern: /^\/reports\/territory\.(pdf|xlsx)$/, access: INTERNAL },
  { pattern: /^\/api\/(kpi|data|official)(\/.*)?$/, access: FUNDER_AND_INTERNAL },
  // Operations pages; the jobs API (routes/jobs.ts). No page or API answers /audit, /api/audit or /api/users yet.
  { pattern: /^\/(operations|audit)(\/.*)?$/, access: ['director', 'admin'] },
  { pattern: /^\/api\/(jobs|audit|users)(\/.*)?$/, access: ['admin'] },
  // Alerts: the /alerts page and its mute/unmute forms (routes/alerts.ts); each user sees and mutes their
  // own rules, evaluated under their own scope (a funder's only see their projects), an admin everyone's.
  { pattern: /^\/alerts(\/.*)?$/, access: ['director', 'admin', 'funder'] },
  // POST /api/sql (routes/analystSql.ts); no /sql page yet.
  { pattern: /^\/(sql|api\/sql)(\/.*)?$/, access: ['analyst', 'admin'] },
  // The internal pages, dimension values and the process report (server/api; /api/ops/runtime
  // narrows to admin in its handler). Spelled out: a path matching no rule gets the same access.
  { pattern: /^\/$/, access: INTERNAL },
  { pattern: /^\/(explore|mismatch|placements|context)\/?$/, access: INTERNAL },
  { pattern: /^\/api\/(dimensions|ops)(\/.*)?$/, access: INTERNAL },
];

/** Limits and environment of the routes; every field defaults from the environment (tests override them). */
export interface SecurityOptions {
  loginLimit?: AuthOptions['loginLimit'];
  apiLimit?: { limit: number; windowMs: number };
  maxBodyBytes?: number;
  allowedOrigins?: string[];
  env?: NodeJS.ProcessEnv;
  /** Analyst SQL limits; unset ones come from OSSERVATORIO_SQL_* or the defaults (docs/security.md). */
  sqlLimits?: Partial<AnalystSqlLimits>;
}

export interface RouteParts {
  services: AppServices;
  options?: SecurityOptions;
  /** The adapter-node handler; null/undefined serves the "not built" page. */
  svelteHandler?: RequestHandler | null;
  /** Token in <data-dir>/server.json that lets the local CLI use /api/jobs. */
  operatorToken?: string;
  /** A snapshot reader (server/serveReadOnly.ts): its session authority and what it refuses. */
  readOnly?: ReadOnlyParts;
}

export interface ReadOnlyParts {
  authority: SessionAuthority;
  gate: RequestHandler;
}

export interface MountedRoutes {
  auth: Auth;
  /** Releases what the routes hold (the analyst SQL sandbox). */
  close(): void;
}

const apiNotFound: RequestHandler = (_req, res) => {
  res.status(404).json({ error: { code: 'NOT_FOUND', message: 'No such API route.' } });
};

/**
 * Mounts every route on an app whose requests already carry req.services.
 * Refuses to start without a session secret outside demo mode; creates the
 * demo users in demo mode.
 */
export async function mountRoutes(app: Express, parts: RouteParts): Promise<MountedRoutes> {
  const { services } = parts;
  const options = parts.options ?? {};
  const env = options.env ?? process.env;
  const auth = await configureAuth({ services, env, loginLimit: options.loginLimit, authority: parts.readOnly?.authority });
  const trust = trustProxySetting(env);
  if (trust !== undefined) app.set('trust proxy', trust);
  const apiLimit = options.apiLimit ?? {
    limit: Number(env.OSSERVATORIO_API_RATE_LIMIT ?? 600),
    windowMs: 60_000,
  };
  const jobs = createJobsRouter();
  const analystSql = new AnalystSql(
    services.warehouse,
    join(services.paths.dataDir, 'analyst-snapshot'),
    { ...analystSqlLimitsFromEnv(env), ...options.sqlLimits },
  );

  // Before any session: GET /healthz, GET /readyz; /api/jobs for the local CLI's operator token.
  app.use(createHealthRouter(services.warehouse));
  if (parts.operatorToken) app.use('/api/jobs', operatorJobs(parts.operatorToken, jobs));
  // /api/reports (render as a user, subscriptions) for the local CLI's operator token only.
  if (parts.operatorToken) app.use('/api/reports', operatorReports(parts.operatorToken, env));
  // /api/alerts (list, add, mute, unmute rules) for the local CLI's operator token only.
  if (parts.operatorToken) app.use('/api/alerts', operatorAlerts(parts.operatorToken, env));
  // /api/replica (session lookups and audit entries of snapshot readers) for the operator token only.
  if (parts.operatorToken) app.use('/api/replica', replicaAuthority(parts.operatorToken, auth));

  // Hardening of every request (server/security.ts).
  app.use(securityHeaders());
  app.use(rejectUnnormalisedPaths());
  app.use(requestSizeLimit(options.maxBodyBytes ?? 1_000_000));
  app.use(originCheck({ allowedOrigins: options.allowedOrigins, publicOrigin: publicOriginSetting(env) }));
  // A snapshot reader refuses writes (and the reads that write) before anything else reads the request.
  if (parts.readOnly) app.use(parts.readOnly.gate);

  // Who is asking (req.user), how often, and whether ROUTE_RULES let them in.
  app.use(auth.middleware);
  app.use(['/api', '/open-data'], apiRateLimit(apiLimit));
  app.use(auth.router);
  app.use(routeGuard(ROUTE_RULES));

  // Behind the guard. GET /open-data/official/<dataset>.csv (before the published files' router):
  app.use(createOfficialOpenDataRouter());
  // GET /open-data/<file>, GET /api/open-data/:table:
  app.use(createOpenDataRouter({ dir: () => services.paths.openData }));
  // POST /api/sql:
  app.use(createAnalystSqlRouter(analystSql));
  // GET /api/jobs, GET /api/jobs/history, POST /api/jobs/:name/run:
  app.use('/api/jobs', jobs);
  // POST /alerts/rules/:id/mute|unmute:
  app.use(createAlertsRouter());
  // GET /reports/project/:cup.pdf|xlsx, /reports/programme/:code.pdf|xlsx, /reports/territory.pdf|xlsx:
  app.use(createReportsRouter());
  // GET /api/kpis, /api/kpi/:code[.csv|.xlsx|.parquet], /api/official/series[.csv],
  // /api/dimensions/:dim, /api/ops/runtime; page data:
  app.use(createApiRouter());
  // Any other /api path:
  app.use('/api', apiNotFound);
  // Every page:
  app.use(pagesHandler(parts.svelteHandler));

  return { auth, close: () => analystSql.close() };
}
