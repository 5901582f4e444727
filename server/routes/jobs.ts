// The operator jobs API: GET /api/jobs, GET /api/jobs/history and
// POST /api/jobs/:name/run. Reached two ways: by an admin through the route
// guard, or by the local CLI (`osservatorio jobs run`) with the token from
// <data-dir>/server.json, which proves it can read the data dir.
import { timingSafeEqual } from 'node:crypto';
import {
  Router,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { UnknownJobError } from '../../jobs/runner.ts';
import type { JobService } from '../../jobs/service.ts';
import { OPERATOR_TOKEN_HEADER } from '../serverInfo.ts';

/** Answers 503 when this process runs no scheduler; otherwise passes the JobService on in res.locals. */
const requireJobs: RequestHandler = (req, res, next) => {
  const jobs = req.services?.jobs;
  if (!jobs) {
    res.status(503).json({
      error: { code: 'JOBS_NOT_RUNNING', message: 'The scheduler does not run in this process.' },
    });
    return;
  }
  res.locals.jobs = jobs;
  next();
};

/** GET /, GET /history, POST /:name/run; mount at /api/jobs. */
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

/**
 * Hands requests carrying the operator token to the jobs router; anything
 * else falls through to the guarded mount of the same router. Mount at
 * /api/jobs before the session and the route guard.
 */
export function operatorJobs(token: string, jobsRouter: Router): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.get(OPERATOR_TOKEN_HEADER);
    if (given && sameToken(given, token)) return jobsRouter(req, res, next);
    next();
  };
}
