// The latest job runs (ops.job_runs) for the operations page. The job
// runner's own reads are in jobs/history.ts; this one returns only what the
// page shows, since page data reaches the browser (no run details).
import type { Session } from '../db.ts';

export type RecentJobRun = {
  run_id: number;
  job: string;
  trigger: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  rows: number;
  error: string | null;
};

/** The latest `limit` runs of every job, newest first. */
export function recentJobRuns(db: Session, limit = 30): Promise<RecentJobRun[]> {
  return db.rows<RecentJobRun>(
    `select run_id, job, trigger, started_at, finished_at, status, rows, error
       from ops.job_runs order by run_id desc limit $1`,
    [limit],
  );
}
