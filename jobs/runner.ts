// Runs one job with the house rules: a durable lock (a job still running is
// skipped, and the skip recorded), one ops.job_runs row per attempt, retries
// with exponential backoff, a pino line per run, and the follow-ups
// (a load that added data refreshes the marts; every refresh publishes open
// data and evaluates the alert rules).
// Each run gets its own DuckDB connection, so a load's open transaction is
// never shared with dashboard queries or another job.
import type { Logger } from 'pino';
import type { Warehouse } from '../warehouse/db.ts';
import type { DataPaths } from '../warehouse/paths.ts';
import type { Clock } from '../runtime/clock.ts';
import { JOB_NAMES, type JobName, type JobsConfig } from './config.ts';
import { JOBS, type JobDefinition, type JobOutcome } from './definitions.ts';
import type { ReportPages } from '../reports/deliverDue.ts';
import type { SmtpSettings } from '../reports/mail.ts';
import {
  acquireLock,
  finishRun,
  recordSkipped,
  releaseLock,
  startRun,
  type RunStatus,
  type RunTrigger,
} from './history.ts';

export interface RunReport {
  job: JobName;
  trigger: RunTrigger;
  /** The run id of the last attempt (or of the skip). */
  runId: number;
  status: Exclude<RunStatus, 'running'>;
  attempts: number;
  rows: number;
  error: string | null;
  /** Runs started because of this one (marts after a load, open data and alerts after every refresh). */
  followUps: RunReport[];
}

export interface RunnerOptions {
  wh: Warehouse;
  paths: DataPaths;
  config: JobsConfig;
  clock: Clock;
  logger: Logger;
  /** Replaces the job definitions (tests use slow or failing jobs). */
  jobs?: Partial<Record<string, JobDefinition>>;
  /**
   * Where the reports job prints pages and sends mail. The pages are known
   * once the server listens, hence a getter; absent: reports are not delivered.
   */
  reports?: { pages: () => ReportPages | null; smtp: SmtpSettings | null };
}

export class UnknownJobError extends Error {
  readonly code = 'UNKNOWN_JOB';
  constructor(name: string) {
    super(`There is no job '${name}'. Jobs: ${JOB_NAMES.join(', ')}.`);
  }
}

/** A Warehouse view on its own connection (same instance, same file). */
async function ownConnection(wh: Warehouse): Promise<{ wh: Warehouse; close: () => void }> {
  const session = await wh.session();
  const view = Object.create(wh) as Warehouse;
  Object.defineProperty(view, 'connection', { value: session.connection });
  return { wh: view, close: () => session.close() };
}

export class JobRunner {
  private stopping = false;
  private readonly active = new Set<Promise<unknown>>();
  readonly definitions: Record<string, JobDefinition>;

  constructor(readonly options: RunnerOptions) {
    this.definitions = { ...JOBS, ...(options.jobs ?? {}) } as Record<string, JobDefinition>;
  }

  isKnown(name: string): name is JobName {
    return Object.hasOwn(this.definitions, name);
  }

  /** Runs a job to the end (all attempts and follow-ups). */
  run(name: string, trigger: RunTrigger): Promise<RunReport> {
    if (!this.isKnown(name)) return Promise.reject(new UnknownJobError(name));
    const p = this.runOnce(name, trigger);
    this.active.add(p);
    void p.finally(() => this.active.delete(p)).catch(() => {});
    return p;
  }

  /** Stops retries and follow-ups, and waits for running jobs to finish or roll back. */
  async drain(): Promise<void> {
    this.stopping = true;
    while (this.active.size) await Promise.allSettled([...this.active]);
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  private settings(name: JobName) {
    return (
      this.options.config.jobs[name as JobName] ?? {
        enabled: true,
        schedule: '* * * * *',
        retries: 0,
        backoffSeconds: 0,
      }
    );
  }

  private async runOnce(name: JobName, trigger: RunTrigger): Promise<RunReport> {
    const { wh, clock, logger } = this.options;
    const settings = this.settings(name);
    const report: RunReport = {
      job: name,
      trigger,
      runId: 0,
      status: 'skipped',
      attempts: 0,
      rows: 0,
      error: null,
      followUps: [],
    };
    if (!settings.enabled && trigger !== 'manual') {
      report.error = 'disabled in the configuration';
      report.runId = await recordSkipped(wh, name, trigger, report.error, clock.now());
      return this.logged(report);
    }
    let runId = await startRun(wh, name, trigger, 1, clock.now());
    const lockId = runId;
    const lock = await acquireLock(wh, name, runId, clock.now());
    if (!lock.ok) {
      report.runId = runId;
      report.error = `still running (run ${lock.heldBy}); this ${trigger} run was skipped`;
      await finishRun(wh, runId, { status: 'skipped', error: report.error }, clock.now());
      return this.logged(report);
    }
    let outcome: JobOutcome | undefined;
    try {
      for (let attempt = 1; ; attempt++) {
        if (attempt > 1) runId = await startRun(wh, name, trigger, attempt, clock.now());
        report.runId = runId;
        report.attempts = attempt;
        const conn = await ownConnection(wh);
        try {
          outcome = await this.definitions[name].run({
            wh: conn.wh,
            paths: this.options.paths,
            config: this.options.config,
            clock,
            logger,
            shouldStop: () => this.stopping,
            runId,
            trigger,
            reports: { pages: this.options.reports?.pages() ?? null, smtp: this.options.reports?.smtp ?? null },
          });
          report.status = outcome.status;
          report.rows = outcome.rows;
          report.error = outcome.reason ?? null;
          await finishRun(
            wh,
            runId,
            {
              status: outcome.status,
              rows: outcome.rows,
              error: outcome.reason ?? null,
              detail: outcome.detail,
            },
            clock.now(),
          );
          break;
        } catch (err) {
          const e = err as Error & { code?: string; partial?: unknown };
          report.status = 'failed';
          report.error = `${e.code ? e.code + ': ' : ''}${e.message}`;
          await finishRun(
            wh,
            runId,
            { status: 'failed', error: report.error, detail: e.partial },
            clock.now(),
          );
          if (attempt > settings.retries || this.stopping) break;
          const wait = settings.backoffSeconds * 1000 * 2 ** (attempt - 1);
          logger.warn(
            { code: 'JOB_RETRY', job: name, runId, attempt, waitMs: wait, error: report.error },
            `job ${name} failed, retrying`,
          );
          await clock.sleep(wait);
          if (this.stopping) break;
        } finally {
          conn.close();
        }
      }
    } finally {
      await releaseLock(wh, name, lockId);
    }
    this.logged(report);
    if (report.status === 'ok' && !this.stopping) await this.followUps(name, outcome, report);
    return report;
  }

  private async followUps(
    name: JobName,
    outcome: JobOutcome | undefined,
    report: RunReport,
  ): Promise<void> {
    // Every successful refresh republishes open data and evaluates the alert
    // rules in the same run, whatever started it (a load, the schedule, a
    // catch-up, an operator): a published release never lags silently behind
    // the marts it describes, and an alert speaks of the data just refreshed.
    // Each follow-up is its own run: its failure is recorded and the refresh stays.
    const next: JobName[] =
      name === 'inbox' && outcome?.loaded && this.options.config.marts.afterLoad
        ? ['marts']
        : name === 'marts'
          ? ['open-data', 'alerts']
          : [];
    const trigger = name === 'inbox' ? 'after_load' : report.trigger;
    for (const job of next) {
      if (this.stopping || !this.settings(job).enabled) continue;
      report.followUps.push(await this.runOnce(job, trigger));
    }
  }

  private logged(r: RunReport): RunReport {
    const line = {
      code: 'JOB_RUN',
      job: r.job,
      runId: r.runId,
      trigger: r.trigger,
      status: r.status,
      attempts: r.attempts,
      rows: r.rows,
      error: r.error,
    };
    if (r.status === 'failed') this.options.logger.error(line, `job ${r.job} failed`);
    else this.options.logger.info(line, `job ${r.job} ${r.status}`);
    return r;
  }
}
