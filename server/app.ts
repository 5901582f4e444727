// The Express 5 app of the serving process. Order:
//   services (req.services) → /healthz, /readyz → operator jobs API (local
//   token) → security (headers, origin, session, route guard: G) → `before`
//   hooks → /api/jobs (admin, via the route guard + `jobsAccess` hook) →
//   data API routers (F) → SvelteKit handler, or a page saying how to build it.
import { timingSafeEqual } from 'node:crypto';
import express, {
  Router,
  type ErrorRequestHandler,
  type Express,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { isSchemaCurrent } from '../warehouse/migrate.ts';
import { UnknownJobError } from '../jobs/runner.ts';
import { OPERATOR_TOKEN_HEADER } from './serverInfo.ts';
import type { JobService } from '../jobs/service.ts';
import { installSecurity, type SecurityOptions } from './security.ts';
import type { AppServices } from './services.ts';

export interface AppOptions {
  /** Middleware mounted after security and before every API (extra hooks). */
  before?: RequestHandler[];
  /** Data API routers, mounted after /api/jobs and before SvelteKit. */
  apiRouters?: RequestHandler[];
  /** The adapter-node handler; null/undefined serves the "not built" page. */
  svelteHandler?: RequestHandler | null;
  /** Installs server/security.ts (default true). Options are passed through. */
  security?: boolean | Omit<SecurityOptions, 'services'>;
  /** Extra check in front of /api/jobs (the route guard already requires admin). */
  jobsAccess?: RequestHandler;
  /** Token in <data-dir>/server.json that lets the local CLI use /api/jobs. */
  operatorToken?: string;
}

export interface CreatedApp {
  app: Express;
  /** Releases what the app holds (analyst SQL sandbox). */
  close(): void;
}

function jobsOf(req: Request): JobService | undefined {
  return req.services?.jobs;
}

/** Answers 503 when this process runs no scheduler; otherwise passes the JobService on in res.locals. */
const requireJobs: RequestHandler = (req, res, next) => {
  const jobs = jobsOf(req);
  if (!jobs) {
    res.status(503).json({
      error: { code: 'JOBS_NOT_RUNNING', message: 'The scheduler does not run in this process.' },
    });
    return;
  }
  res.locals.jobs = jobs;
  next();
};

/** GET /api/jobs, GET /api/jobs/history, POST /api/jobs/:name/run. */
export function createJobsRouter(): Router {
  const r = Router();
  r.get('/', requireJobs, async (req, res) => {
    const jobs = res.locals.jobs as JobService;
    res.json({
      timezone: 'Europe/Rome',
      scheduler: Boolean(jobs.scheduler?.isRunning),
      jobs: await jobs.list(),
      recent: await jobs.history({ limit: 20 }),
    });
  });
  r.get('/history', requireJobs, async (req, res) => {
    const jobs = res.locals.jobs as JobService;
    const limit = Math.min(1000, Math.max(1, Number(req.query.limit ?? 50) || 50));
    const job = typeof req.query.job === 'string' ? req.query.job : undefined;
    if (job && !jobs.runner.isKnown(job))
      return void res
        .status(404)
        .json({ error: { code: 'UNKNOWN_JOB', message: new UnknownJobError(job).message } });
    res.json({ runs: await jobs.history({ job, limit }) });
  });
  r.post('/:name/run', requireJobs, async (req, res) => {
    const jobs = res.locals.jobs as JobService;
    const name = String(req.params.name);
    if (!jobs.runner.isKnown(name))
      return void res
        .status(404)
        .json({ error: { code: 'UNKNOWN_JOB', message: new UnknownJobError(name).message } });
    if (jobs.runner.isStopping)
      return void res
        .status(503)
        .json({ error: { code: 'SHUTTING_DOWN', message: 'The server is stopping.' } });
    res.json({ run: await jobs.runNow(name) });
  });
  return r;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>Osservatorio — dashboard non compilata</title></head>
<body>
<h1>La dashboard non è ancora compilata</h1>
<p>Il server è attivo (<a href="/healthz">/healthz</a>, <a href="/readyz">/readyz</a>), ma manca <code>dashboard/build/</code>.</p>
<p>Compilala con <code>npm run build</code> e riavvia il server (<code>npm start</code> lo fa da solo).</p>
<hr>
<p lang="en">The dashboard is not built yet. Run <code>npm run build</code> and restart the server (<code>npm start</code> builds it for you).</p>
</body></html>
`;

export async function createApp(
  services: AppServices,
  options: AppOptions = {},
): Promise<CreatedApp> {
  const app = express();
  app.disable('x-powered-by');
  app.use((req, _res, next) => {
    req.services = services;
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', pid: process.pid, uptimeSeconds: Math.round(process.uptime()) });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      const applied = await services.warehouse.scalar<number>(
        `select max(version) from ops.schema_migrations`,
      );
      const current = await isSchemaCurrent(services.warehouse);
      res
        .status(current ? 200 : 503)
        .json({ status: current ? 'ready' : 'schema_outdated', schemaVersion: applied ?? null });
    } catch (err) {
      res.status(503).json({ status: 'unavailable', error: (err as Error).message });
    }
  });

  const jobsRouter = createJobsRouter();
  if (options.operatorToken) {
    const token = options.operatorToken;
    // The local CLI (`osservatorio jobs run`) proves it can read the data dir; anything else falls through to the guarded route.
    app.use('/api/jobs', (req: Request, res: Response, next: NextFunction) => {
      const given = req.get(OPERATOR_TOKEN_HEADER);
      if (given && sameToken(given, token)) return jobsRouter(req, res, next);
      next();
    });
  }

  let close = () => {};
  if (options.security !== false) {
    const extra = typeof options.security === 'object' ? options.security : {};
    const installed = await installSecurity(app, { ...extra, services });
    close = () => installed.analystSql.close();
  }
  for (const h of options.before ?? []) app.use(h);
  app.use('/api/jobs', options.jobsAccess ?? ((_req, _res, next) => next()), jobsRouter);
  for (const r of options.apiRouters ?? []) app.use(r);
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: 'No such API route.' } });
  });
  if (options.svelteHandler) {
    app.use(options.svelteHandler);
  } else {
    app.use((req, res) => {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return void res.status(404).json({ error: { code: 'NOT_FOUND', message: 'Not found.' } });
      res.status(503).type('html').send(NOT_BUILT_PAGE);
    });
  }
  const onError: ErrorRequestHandler = (err: Error & { status?: number }, req, res, _next) => {
    services.logger.error(
      { code: 'HTTP_ERROR', path: req.path, error: err.message },
      'request failed',
    );
    if (res.headersSent) return;
    res
      .status(err.status && err.status >= 400 && err.status < 600 ? err.status : 500)
      .json({
        error: { code: 'INTERNAL', message: 'Errore interno del server. / Internal server error.' },
      });
  };
  app.use(onError);
  return { app, close };
}
