// `osservatorio jobs list | run <name> | history`: what the scheduler does and
// did. When a server holds the warehouse the command asks it over HTTP
// (token from <data-dir>/server.json); otherwise it works on the file itself.
import { request } from 'node:http';
import type { Command } from 'commander';
import {
  dataPaths,
  openForWrite,
  print,
  withDataOptions,
  withWarehouse,
  type GlobalOptions,
} from '../context.ts';
import { CliError, EXIT, UsageError } from '../errors.ts';
import { WarehouseLockedError } from '../../warehouse/db.ts';
import { ConfigError, JOB_NAMES, loadJobsConfig } from '../../jobs/config.ts';
import type { JobRun } from '../../jobs/history.ts';
import { createLogger } from '../../runtime/log.ts';
import { JobRunner, type RunReport } from '../../jobs/runner.ts';
import { OPERATOR_TOKEN_HEADER, readServerInfo, type ServerInfo } from '../../server/serverInfo.ts';
import { JobService, type JobStatus } from '../../jobs/service.ts';
import { recoverInterrupted } from '../../jobs/history.ts';
import { systemClock } from '../../runtime/clock.ts';
import { ensureShippedReference } from '../../warehouse/reference/loadReferenceData.ts';
import type { DataPaths } from '../../warehouse/paths.ts';
import { smtpFromEnv } from '../../reports/mail.ts';

interface JobsOpts extends GlobalOptions {
  config?: string;
  json?: boolean;
}

/**
 * Asks the local server. node:http rather than fetch: a manual run answers when
 * the job is done, which for a big load or backup can take longer than
 * fetch's five-minute header timeout.
 */
function askServer<T>(info: ServerInfo, method: 'GET' | 'POST', path: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: info.port,
        path,
        method,
        headers: { [OPERATOR_TOKEN_HEADER]: info.token, accept: 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let body: T & { error?: { message?: string } };
          try {
            body = JSON.parse(text) as T & { error?: { message?: string } };
          } catch {
            body = {} as T & { error?: { message?: string } };
          }
          const status = res.statusCode ?? 500;
          if (status >= 400)
            reject(
              new CliError(
                `The server answered ${status}: ${body.error?.message ?? 'no detail'}`,
                status === 404 ? EXIT.usage : EXIT.internal,
              ),
            );
          else resolve(body);
        });
      },
    );
    req.on('error', (err) =>
      reject(
        new CliError(
          `The server (pid ${info.pid}, ${info.url}) did not answer: ${err.message}`,
          EXIT.internal,
        ),
      ),
    );
    req.end();
  });
}

/** Runs fn on a JobService over the local file (no server running). */
async function offline<T>(
  opts: JobsOpts,
  mode: 'read' | 'write',
  fn: (s: JobService, paths: DataPaths) => Promise<T>,
): Promise<T> {
  let config;
  try {
    config = loadJobsConfig(opts.config ?? dataPaths(opts).config, {
      required: Boolean(opts.config),
    });
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
  const logger = createLogger();
  const go = async (wh: Parameters<Parameters<typeof withWarehouse>[2]>[0], paths: DataPaths) =>
    fn(
      // Alerts that follow a refresh are e-mailed from here too when SMTP is configured (reports need the server's pages).
      new JobService(new JobRunner({ wh, paths, config, clock: systemClock, logger, reports: { pages: () => null, smtp: smtpFromEnv() } }), null),
      paths,
    );
  try {
    if (mode === 'read') return await withWarehouse(opts, 'read', go);
    const { wh, paths } = await openForWrite(opts);
    try {
      // No server holds the file, so a 'running' row is a leftover of a killed process.
      await recoverInterrupted(wh, systemClock.now());
      // Codes are checked against ref.*: a warehouse never initialised, or initialised by an older
      // version, gets the shipped reference data first.
      await ensureShippedReference(wh);
      return await go(wh, paths);
    } finally {
      wh.close();
    }
  } catch (err) {
    if (err instanceof WarehouseLockedError) throw new CliError(err.message, EXIT.refused);
    throw err;
  }
}

const time = (s: string | null) => (s ? s.slice(0, 19).replace('T', ' ') : '—');

function printRuns(runs: JobRun[]): void {
  if (!runs.length) return print('no runs recorded');
  print(
    'run     job        trigger     started (UTC)        finished (UTC)       status       try  rows      error',
  );
  for (const r of runs) {
    print(
      `${String(r.run_id).padEnd(7)} ${r.job.padEnd(10)} ${r.trigger.padEnd(11)} ${time(r.started_at).padEnd(20)} ${time(r.finished_at).padEnd(20)} ${r.status.padEnd(12)} ${String(r.attempt).padEnd(4)} ${String(r.rows).padEnd(9)} ${r.error ?? ''}`,
    );
  }
}

interface FileLine {
  source: string;
  file: string;
  status: string;
  rows: number;
  movedTo: string | null;
}

/** The files of inbox runs, from the run detail (works while the server holds the warehouse). */
function printFiles(runs: JobRun[]): void {
  for (const r of runs) {
    if (r.job !== 'inbox' || !r.detail) continue;
    let files: FileLine[];
    try {
      files = (JSON.parse(r.detail) as { files?: FileLine[] }).files ?? [];
    } catch {
      continue;
    }
    for (const f of files) {
      const where =
        f.status === 'refused' && f.movedTo
          ? `report ${f.movedTo}.report.json`
          : (f.movedTo ?? 'left in the inbox for the retry');
      print(`  run ${r.run_id}: ${f.source}/${f.file} ${f.status} ${f.rows} rows — ${where}`);
    }
  }
}

function printReport(r: RunReport, depth = 0): void {
  const indent = depth ? `${'  '.repeat(depth)}then ` : '';
  print(
    `${indent}${r.job}: ${r.status} (run ${r.runId}, ${r.attempts} attempt(s), ${r.rows} rows)${r.error ? ` — ${r.error}` : ''}`,
  );
  for (const f of r.followUps) printReport(f, depth + 1);
}

export function register(program: Command): void {
  const jobs = program
    .command('jobs')
    .description(`scheduled jobs (${JOB_NAMES.join(', ')}): list, run <name>, history`);

  withDataOptions(
    jobs
      .command('list')
      .description('jobs with schedule, next and last run')
      .option('--config <file>', 'jobs configuration')
      .option('--json', 'print JSON'),
  ).action(async (opts: JobsOpts) => {
    const info = readServerInfo(dataPaths(opts));
    const list = info
      ? (await askServer<{ jobs: JobStatus[] }>(info, 'GET', '/api/jobs')).jobs
      : await offline(opts, 'read', (s) => s.list());
    if (opts.json) return print(JSON.stringify(list, null, 2));
    for (const j of list) {
      const last = j.lastRun
        ? `${j.lastRun.status} at ${time(j.lastRun.started_at)} UTC${j.lastRun.error ? ` (${j.lastRun.error})` : ''}`
        : 'never ran';
      print(
        `${j.name.padEnd(10)} ${j.enabled ? 'enabled ' : 'disabled'} '${j.schedule}' ${j.timezone}  next ${j.nextRun ? time(j.nextRun) + ' UTC' : '—'}  last ${last}`,
      );
    }
    if (!info) print('(no server running: schedules apply when `osservatorio serve` runs)');
  });

  withDataOptions(
    jobs
      .command('run <name>')
      .description('run a job now (through the server when one runs)')
      .option('--config <file>', 'jobs configuration')
      .option('--json', 'print JSON'),
  ).action(async (name: string, opts: JobsOpts) => {
    if (!(JOB_NAMES as readonly string[]).includes(name))
      throw new UsageError(`There is no job '${name}'. Jobs: ${JOB_NAMES.join(', ')}.`);
    const info = readServerInfo(dataPaths(opts));
    const report = info
      ? (
          await askServer<{ run: RunReport }>(
            info,
            'POST',
            `/api/jobs/${encodeURIComponent(name)}/run`,
          )
        ).run
      : await offline(opts, 'write', (s) => s.runNow(name));
    if (opts.json) print(JSON.stringify(report, null, 2));
    else printReport(report);
    if (report.status === 'failed')
      throw new CliError(
        `job ${name} failed: see 'osservatorio jobs history --job ${name}'`,
        EXIT.internal,
      );
  });

  withDataOptions(
    jobs
      .command('history')
      .description('recorded runs, newest first')
      .option('--job <name>', 'only this job')
      .option('--limit <n>', 'how many', '30')
      .option('--since <when>', "only runs started after: '24h', '7d' or a date YYYY-MM-DD")
      .option('--failed', 'only failed and interrupted runs')
      .option('--all', 'include inbox runs that found no file (hidden by default)')
      .option(
        '--files',
        'also list the files each inbox run handled (status, rows, where they went)',
      )
      .option('--json', 'print JSON'),
  ).action(
    async (
      opts: JobsOpts & {
        job?: string;
        limit: string;
        since?: string;
        failed?: boolean;
        files?: boolean;
        all?: boolean;
      },
    ) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit <= 0)
        throw new UsageError('--limit must be a positive integer');
      if (opts.job && !(JOB_NAMES as readonly string[]).includes(opts.job))
        throw new UsageError(`There is no job '${opts.job}'. Jobs: ${JOB_NAMES.join(', ')}.`);
      const since = opts.since ? parseSince(opts.since) : undefined;
      const info = readServerInfo(dataPaths(opts));
      // Filters are applied after fetching a generous page so server and file answer alike.
      const fetchLimit = opts.failed || since || !opts.all ? Math.max(limit, 1000) : limit;
      let runs = info
        ? (
            await askServer<{ runs: JobRun[] }>(
              info,
              'GET',
              `/api/jobs/history?limit=${fetchLimit}${opts.job ? `&job=${encodeURIComponent(opts.job)}` : ''}`,
            )
          ).runs
        : await offline(opts, 'read', (s) => s.history({ job: opts.job, limit: fetchLimit }));
      if (since)
        runs = runs.filter(
          (r) => new Date(r.started_at.endsWith('Z') ? r.started_at : r.started_at + 'Z') >= since,
        );
      if (opts.failed)
        runs = runs.filter((r) => r.status === 'failed' || r.status === 'interrupted');
      if (!opts.all) runs = runs.filter((r) => !isEmptyInboxRun(r));
      runs = runs.slice(0, limit);
      if (opts.json) return print(JSON.stringify(runs, null, 2));
      printRuns(runs);
      if (opts.files) printFiles(runs);
    },
  );
}

/** An inbox run that found nothing to load: one a minute, all day long. */
function isEmptyInboxRun(r: JobRun): boolean {
  if (r.job !== 'inbox' || r.status !== 'ok' || r.rows !== 0 || !r.detail) return false;
  try {
    return ((JSON.parse(r.detail) as { files?: unknown[] }).files ?? []).length === 0;
  } catch {
    return false;
  }
}

export function parseSince(raw: string, now = new Date()): Date {
  const rel = /^(\d+)([hd])$/.exec(raw);
  if (rel)
    return new Date(now.getTime() - Number(rel[1]) * (rel[2] === 'h' ? 3600_000 : 86400_000));
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
    const d = new Date(`${raw}T00:00:00Z`);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new UsageError(`--since takes '24h', '7d' or a date YYYY-MM-DD, not '${raw}'`);
}
