// Server bootstrap: one process owns the DuckDB file and runs the Express
// app, the SvelteKit handler and the job scheduler. startServer() refuses
// when another server holds the data dir, brings marts and open data up to
// date with the loads, writes <data-dir>/server.json, and
// returns close(), which stops the ticks, lets a running job's transaction
// finish or roll back, closes DuckDB and removes the info file.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { RequestHandler } from 'express';
import { Warehouse, WarehouseLockedError } from '../warehouse/db.ts';
import { migrate } from '../warehouse/migrate.ts';
import { ensureDataDirs, type DataPaths } from '../warehouse/paths.ts';
import { ensureShippedReference } from '../warehouse/reference/loadReferenceData.ts';
import { systemClock, type Clock } from '../runtime/clock.ts';
import { loadJobsConfig, type JobsConfig } from '../jobs/config.ts';
import type { JobDefinition } from '../jobs/definitions.ts';
import { createLogger, type Logger } from '../runtime/log.ts';
import { JobRunner } from '../jobs/runner.ts';
import { Scheduler, type StartReport } from '../jobs/scheduler.ts';
import {
  newOperatorToken,
  readServerInfo,
  removeServerInfo,
  runningServerMessage,
  writeServerInfo,
  type ServerInfo,
} from './serverInfo.ts';
import { JobService } from '../jobs/service.ts';
import { bringPublicationUpToDate } from '../jobs/publicationState.ts';
import { createApp, type AppOptions } from './app.ts';
import { findSvelteHandler } from './dashboardBuild.ts';
import type { AppServices } from './services.ts';
import { ServerReports, pagesBaseUrl } from './reports.ts';
import { smtpFromEnv } from '../reports/mail.ts';

export interface ServeOptions {
  paths: DataPaths;
  host?: string;
  /** 0 picks a free port. Default 3000. */
  port?: number;
  demo?: boolean;
  logger?: Logger;
  /** Jobs configuration; default: read configPath or <data-dir>/osservatorio.config.json. */
  config?: JobsConfig;
  configPath?: string;
  clock?: Clock;
  /** Run the scheduler (default true). */
  scheduler?: boolean;
  /** SvelteKit handler; undefined looks for dashboard/build/handler.js, null serves none. */
  svelteHandler?: RequestHandler | null;
  /** Replaces job definitions (tests). */
  jobs?: Partial<Record<string, JobDefinition>>;
  app?: Omit<AppOptions, 'svelteHandler' | 'operatorToken'>;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  services: AppServices;
  jobs: JobService;
  /** Prints reports from this server's pages. */
  reports: ServerReports;
  info: ServerInfo;
  /** Catch-up and redo runs started at boot (null without scheduler). */
  startReport: StartReport | null;
  close(): Promise<void>;
}

export class ServerRunningError extends Error {
  readonly code = 'SERVER_RUNNING';
  readonly exitCode = 2;
}

// Databases served by this process. server.json ignores its own pid (a
// container restarts with the same pid after a crash), so a second server in
// the same process is caught here; DuckDB would let it share the instance.
const servedHere = new Set<string>();

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { paths } = options;
  if (servedHere.has(paths.db))
    throw new ServerRunningError(`This process already serves ${paths.db}.`);
  const logger = options.logger ?? createLogger();
  const clock = options.clock ?? systemClock;
  const host = options.host ?? '127.0.0.1';
  ensureDataDirs(paths);
  const other = readServerInfo(paths);
  if (other) throw new ServerRunningError(runningServerMessage(other, paths));
  const config =
    options.config ??
    loadJobsConfig(options.configPath ?? paths.config, { required: Boolean(options.configPath) });

  let wh: Warehouse;
  try {
    wh = await Warehouse.open(paths.db);
  } catch (err) {
    if (err instanceof WarehouseLockedError) throw new ServerRunningError(err.message);
    throw err;
  }
  let server: Server | undefined;
  let closeApp = () => {};
  try {
    servedHere.add(paths.db);
    await migrate(wh);
    await ensureShippedReference(wh);

    const smtp = smtpFromEnv(options.app?.security?.env ?? process.env);
    const reports = new ServerReports(smtp ? 'smtp' : 'folder');
    const runner = new JobRunner({ wh, paths, config, clock, logger, jobs: options.jobs, reports: { pages: () => reports.pages, smtp } });
    const scheduler =
      options.scheduler === false ? null : new Scheduler({ runner, config, clock, logger });
    const jobs = new JobService(runner, scheduler);
    // Marts behind the loads (or never built) and open data behind the marts
    // are brought up to date before the first request: pages would otherwise
    // fail on missing marts or show a stale release until the nightly jobs.
    // Runs a crashed process left 'running' hold their lock until the
    // scheduler redoes them; then the check runs after its catch-up instead.
    const unfinished = await wh.scalar<number>(`select count(*) from ops.job_runs where status = 'running'`);
    if (!unfinished) await bringPublicationUpToDate(runner, logger);
    const services: AppServices = {
      warehouse: wh,
      paths,
      logger,
      demo: Boolean(options.demo),
      jobs,
      reports,
    };

    const svelteHandler =
      options.svelteHandler === undefined ? await findSvelteHandler() : options.svelteHandler;
    if (!svelteHandler)
      logger.warn(
        { code: 'DASHBOARD_NOT_BUILT' },
        'dashboard/build is missing: pages answer "not built"; run npm run build',
      );
    const token = newOperatorToken();
    const created = await createApp(services, {
      ...options.app,
      svelteHandler,
      operatorToken: token,
    });
    closeApp = created.close;

    server = await new Promise<Server>((resolve, reject) => {
      const s = created.app.listen(options.port ?? 3000, host, (err?: Error) =>
        err ? reject(err) : resolve(s),
      );
      s.once('error', reject);
    });
    const port = (server.address() as AddressInfo).port;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    reports.attach(pagesBaseUrl(host, port), wh, created.sessions);
    const info: ServerInfo = {
      pid: process.pid,
      host,
      port,
      url,
      started: clock.now().toISOString(),
      db: paths.db,
      token,
    };
    writeServerInfo(paths, info);
    const startReport = scheduler ? await scheduler.start() : null;
    if (startReport)
      void startReport.catchUp
        .then(() => (runner.isStopping ? null : bringPublicationUpToDate(runner, logger)))
        .catch((err: Error) =>
          logger.error({ code: 'PUBLICATION_CATCH_UP_FAILED', error: err.message }, 'bringing marts and open data up to date failed'),
        );
    logger.info(
      {
        code: 'SERVER_STARTED',
        url,
        pid: process.pid,
        db: paths.db,
        demo: services.demo,
        scheduler: Boolean(scheduler),
        reportsDelivery: smtp ? 'smtp' : 'folder',
      },
      `serving on ${url}`,
    );

    let closing: Promise<void> | undefined;
    const s = server;
    const close = () =>
      (closing ??= (async () => {
        logger.info(
          { code: 'SERVER_STOPPING' },
          'stopping: no new job runs, waiting for the running one',
        );
        const httpClosed = new Promise<void>((resolve) => s.close(() => resolve()));
        s.closeIdleConnections();
        if (scheduler) await scheduler.stop();
        else await runner.drain();
        s.closeAllConnections();
        await httpClosed;
        closeApp();
        wh.close();
        servedHere.delete(paths.db);
        removeServerInfo(paths);
        logger.info({ code: 'SERVER_STOPPED' }, 'stopped');
      })());
    return { url, host, port, services, jobs, reports, info, startReport, close };
  } catch (err) {
    server?.close();
    closeApp();
    wh.close();
    servedHere.delete(paths.db);
    removeServerInfo(paths);
    throw err;
  }
}
