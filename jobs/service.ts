// What the server exposes about jobs (services.jobs, GET /api/jobs, the
// `jobs` command): the definitions with their settings, next and last run,
// the history, and "run now".
import { JOB_NAMES, TIMEZONE, nextScheduled, type JobName } from './config.ts';
import { lastRuns, listRuns, lockHolder, type JobRun } from './history.ts';
import type { JobRunner, RunReport } from './runner.ts';
import type { Scheduler } from './scheduler.ts';

export interface JobStatus {
  name: JobName;
  description: string;
  enabled: boolean;
  schedule: string;
  timezone: string;
  retries: number;
  nextRun: string | null;
  runningRunId: number | null;
  lastRun: JobRun | null;
}

export class JobService {
  constructor(
    readonly runner: JobRunner,
    readonly scheduler: Scheduler | null,
  ) {}

  async list(): Promise<JobStatus[]> {
    const { wh, config, clock } = this.runner.options;
    const last = await lastRuns(wh);
    const out: JobStatus[] = [];
    for (const name of JOB_NAMES) {
      const s = config.jobs[name];
      out.push({
        name,
        description: this.runner.definitions[name].description,
        enabled: s.enabled,
        schedule: s.schedule,
        timezone: TIMEZONE,
        retries: s.retries,
        nextRun: s.enabled ? nextScheduled(s.schedule, clock.now()).toISOString() : null,
        runningRunId: (await lockHolder(wh, name)) ?? null,
        lastRun: last.get(name) ?? null,
      });
    }
    return out;
  }

  history(options: { job?: string; limit?: number; since?: Date } = {}): Promise<JobRun[]> {
    return listRuns(this.runner.options.wh, options);
  }

  runNow(name: string): Promise<RunReport> {
    return this.runner.run(name, 'manual');
  }
}
