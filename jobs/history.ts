// Run history and the durable per-job lock in ops (migration 030). Every
// attempt of every job is one ops.job_runs row; the lock row says "this job is
// running now" and survives nothing but a clean finish: a process killed
// mid-run leaves its row 'running', which start-up turns into 'interrupted'.
import type { Session } from '../warehouse/db.ts';

export type RunTrigger = 'manual' | 'schedule' | 'catch_up' | 'after_load';
export type RunStatus = 'running' | 'ok' | 'failed' | 'skipped' | 'interrupted';

export interface JobRun {
  run_id: number;
  job: string;
  trigger: RunTrigger;
  started_at: string;
  finished_at: string | null;
  status: RunStatus;
  rows: number;
  error: string | null;
  attempt: number;
  detail: string | null;
}

// Timestamps are stored as UTC wall time (DuckDB TIMESTAMP has no zone).
const ts = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

export async function startRun(
  db: Session,
  job: string,
  trigger: RunTrigger,
  attempt: number,
  at: Date,
): Promise<number> {
  const id = await db.scalar<number>(
    `insert into ops.job_runs (run_id, job, trigger, started_at, status, attempt)
     values (nextval('ops.job_run_id_seq'), $1, $2, $3::TIMESTAMP, 'running', $4) returning run_id`,
    [job, trigger, ts(at), attempt],
  );
  return id!;
}

export async function finishRun(
  db: Session,
  runId: number,
  outcome: {
    status: Exclude<RunStatus, 'running'>;
    rows?: number;
    error?: string | null;
    detail?: unknown;
  },
  at: Date,
): Promise<void> {
  await db.run(
    `update ops.job_runs set status = $1, rows = $2, error = $3, detail = $4, finished_at = $5::TIMESTAMP where run_id = $6`,
    [
      outcome.status,
      outcome.rows ?? 0,
      outcome.error ? outcome.error.slice(0, 2000) : null,
      outcome.detail === undefined ? null : JSON.stringify(outcome.detail).slice(0, 8000),
      ts(at),
      runId,
    ],
  );
}

/** Records a run that did not start (already running, disabled, nothing to do elsewhere). */
export async function recordSkipped(
  db: Session,
  job: string,
  trigger: RunTrigger,
  reason: string,
  at: Date,
): Promise<number> {
  const id = await startRun(db, job, trigger, 1, at);
  await finishRun(db, id, { status: 'skipped', error: reason }, at);
  return id;
}

/** Takes the job's lock; returns the holder's run id when someone else holds it. */
export async function acquireLock(
  db: Session,
  job: string,
  runId: number,
  at: Date,
): Promise<{ ok: true } | { ok: false; heldBy: number }> {
  await db.run(
    `insert into ops.job_locks (job, run_id, acquired_at, pid) values ($1, $2, $3::TIMESTAMP, $4) on conflict do nothing`,
    [job, runId, ts(at), process.pid],
  );
  const holder = await db.scalar<number>(`select run_id from ops.job_locks where job = $1`, [job]);
  return holder === runId ? { ok: true } : { ok: false, heldBy: holder ?? -1 };
}

export async function releaseLock(db: Session, job: string, runId: number): Promise<void> {
  await db.run(`delete from ops.job_locks where job = $1 and run_id = $2`, [job, runId]);
}

export async function lockHolder(db: Session, job: string): Promise<number | undefined> {
  return db.scalar<number>(`select run_id from ops.job_locks where job = $1`, [job]);
}

/**
 * Start-up recovery: only one process can open the warehouse for writing, so
 * every 'running' row and every lock belongs to a process that is gone.
 * Returns the jobs whose runs were interrupted (their work is redone).
 */
export async function recoverInterrupted(db: Session, at: Date): Promise<string[]> {
  const rows = await db.rows<{ job: string }>(
    `select distinct job from ops.job_runs where status = 'running' order by job`,
  );
  await db.run(
    `update ops.job_runs set status = 'interrupted', finished_at = $1::TIMESTAMP,
       error = coalesce(error, 'the process stopped during this run (crash, kill or power cut); its work is redone at start-up')
     where status = 'running'`,
    [ts(at)],
  );
  await db.run(`delete from ops.job_locks`);
  return rows.map((r) => r.job);
}

export async function listRuns(
  db: Session,
  options: { job?: string; limit?: number; since?: Date } = {},
): Promise<JobRun[]> {
  return db.rows<JobRun>(
    `select run_id, job, trigger, started_at, finished_at, status, rows, error, attempt, detail
       from ops.job_runs
      where ($1::VARCHAR is null or job = $1) and ($2::TIMESTAMP is null or started_at >= $2::TIMESTAMP)
      order by run_id desc limit $3`,
    [options.job ?? null, options.since ? ts(options.since) : null, options.limit ?? 50],
  );
}

/** The latest run of each job that actually started (skips excluded), for catch-up and /api/jobs. */
export async function lastRuns(db: Session): Promise<Map<string, JobRun>> {
  const rows = await db.rows<JobRun>(
    `select * exclude (rn) from (
       select run_id, job, trigger, started_at, finished_at, status, rows, error, attempt, detail,
              row_number() over (partition by job order by run_id desc) as rn
         from ops.job_runs where status <> 'skipped') where rn = 1`,
  );
  return new Map(rows.map((r) => [r.job, r]));
}

/** Reads a stored TIMESTAMP (UTC wall time) back as a Date. */
export function storedTime(value: string): Date {
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : value + 'Z');
}
