// The node-cron 4 schedules of the serving process. On start: runs left
// 'running' by a dead process become 'interrupted' and are redone; a job
// whose scheduled time passed while the process was down runs once
// ('catch_up'). Ticks that find the job still running are skipped by
// node-cron's noOverlap and recorded as skipped runs.
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { Clock } from '../runtime/clock.ts';
import {
  JOB_NAMES,
  TIMEZONE,
  nextScheduled,
  scheduledBetween,
  type JobName,
  type JobsConfig,
} from './config.ts';
import { lastRuns, recordSkipped, recoverInterrupted, storedTime } from './history.ts';
import type { JobRunner, RunReport } from './runner.ts';

export interface SchedulerOptions {
  runner: JobRunner;
  config: JobsConfig;
  clock: Clock;
  logger: Logger;
}

export interface StartReport {
  interrupted: string[];
  /** Catch-up (and redo) runs; resolves when they are all done. */
  catchUp: Promise<RunReport[]>;
}

export class Scheduler {
  private tasks = new Map<JobName, ScheduledTask>();
  private started = false;

  constructor(private readonly options: SchedulerOptions) {}

  get enabledJobs(): JobName[] {
    return JOB_NAMES.filter((j) => this.options.config.jobs[j].enabled);
  }

  async start(): Promise<StartReport> {
    const { runner, config, clock, logger } = this.options;
    const wh = runner.options.wh;
    const interrupted = await recoverInterrupted(wh, clock.now());
    if (interrupted.length)
      logger.warn(
        { code: 'JOBS_INTERRUPTED', jobs: interrupted },
        'runs interrupted by the previous process are redone',
      );
    // Decide the catch-ups before the first tick can record a newer run.
    const last = await lastRuns(wh);
    const now = clock.now();
    const due: JobName[] = [];
    for (const job of this.enabledJobs) {
      if (interrupted.includes(job)) {
        due.push(job);
        continue;
      }
      const prev = last.get(job);
      if (
        prev &&
        scheduledBetween(config.jobs[job].schedule, storedTime(prev.started_at), now).length
      )
        due.push(job);
    }
    for (const job of this.enabledJobs) {
      const task = cron.createTask(
        config.jobs[job].schedule,
        () =>
          runner
            .run(job, 'schedule')
            .catch((err: Error) =>
              logger.error({ code: 'JOB_CRASHED', job, error: err.message }, 'job crashed'),
            ),
        {
          name: `osservatorio:${job}`,
          timezone: TIMEZONE,
          noOverlap: true,
          // node-cron's own messages (overlap warnings) go to our log; the overlap is recorded below.
          logger: {
            info: (m) => logger.debug({ code: 'NODE_CRON' }, m),
            warn: (m) => logger.debug({ code: 'NODE_CRON' }, m),
            error: (m) => logger.error({ code: 'NODE_CRON' }, String(m)),
            debug: (m) => logger.debug({ code: 'NODE_CRON' }, String(m)),
          },
        },
      );
      task.on('execution:overlap', async () => {
        if (runner.isStopping) return;
        await recordSkipped(
          wh,
          job,
          'schedule',
          'still running at its next scheduled time; this tick was skipped',
          clock.now(),
        ).catch(() => {});
        logger.info(
          { code: 'JOB_RUN', job, trigger: 'schedule', status: 'skipped', error: 'overlap' },
          `job ${job} skipped: still running`,
        );
      });
      await task.start();
      this.tasks.set(job, task);
    }
    this.started = true;
    const catchUp = (async () => {
      const reports: RunReport[] = [];
      for (const job of due) {
        if (runner.isStopping) break;
        reports.push(await runner.run(job, 'catch_up'));
      }
      return reports;
    })();
    catchUp.catch((err: Error) =>
      logger.error({ code: 'CATCH_UP_FAILED', error: err.message }, 'catch-up failed'),
    );
    return { interrupted, catchUp };
  }

  /** Next scheduled time of each enabled job. */
  nextRuns(): Partial<Record<JobName, string>> {
    const now = this.options.clock.now();
    const out: Partial<Record<JobName, string>> = {};
    for (const job of this.enabledJobs)
      out[job] = nextScheduled(this.options.config.jobs[job].schedule, now).toISOString();
    return out;
  }

  get isRunning(): boolean {
    return this.started;
  }

  /** Stops the ticks, then waits for running jobs to finish (or roll back). */
  async stop(): Promise<void> {
    for (const task of this.tasks.values()) {
      await task.stop();
      await task.destroy();
    }
    this.tasks.clear();
    this.started = false;
    await this.options.runner.drain();
  }
}
