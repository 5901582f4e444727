// Reads of the load log (ops.loads) for the dashboard: the latest loads on
// the operations page, and whether demo data was ever loaded (the layout's
// demo banner). The CLI's fuller listing is ingest/history.ts; these return
// only what the page shows, since page data reaches the browser (no
// checksums, no report paths on the server's disk).
import type { Session } from '../db.ts';

export type RecentLoad = {
  load_id: number;
  file_name: string;
  feed: string | null;
  source: string;
  rows: number;
  status: string;
  started_at: string;
  warnings: number;
  error: string | null;
};

/** The latest `limit` loads, newest first. */
export function recentLoads(db: Session, limit = 30): Promise<RecentLoad[]> {
  return db.rows<RecentLoad>(
    `select load_id, file_name, feed, source, rows, status, started_at, warnings, error
       from ops.loads order by load_id desc limit $1`,
    [limit],
  );
}

/** True when any load came from the synthetic demo generator (source 'demo'). */
export async function holdsDemoLoads(db: Session): Promise<boolean> {
  return Boolean(await db.scalar<number>(`select count(*) from ops.loads where source = $1`, ['demo']));
}
