// Whether what the server shows lags behind what was loaded: the marts behind
// the loads (a load committed after the last refresh, or marts never built),
// the published open data behind the marts. A server started on such a
// warehouse — loaded by `osservatorio demo` or `ingest` without a refresh, or
// after a crash between a refresh and its publication — brings both up to
// date instead of answering 500s or serving an old release until the nightly jobs.
import type { Logger } from 'pino';
import type { Warehouse } from '../warehouse/db.ts';
import type { DataPaths } from '../warehouse/paths.ts';
import { publishedMartVersion } from '../warehouse/opendata/index.ts';
import type { JobRunner, RunReport } from './runner.ts';

export interface PublicationState {
  /** When the newest successful load finished (null: nothing loaded). */
  lastLoadAt: string | null;
  /** The version of the marts readers see (null: never built). */
  martVersion: number | null;
  /** When the newest refresh finished. */
  martsRefreshedAt: string | null;
  /** The mart version the published open data comes from (null: not published, or incomplete). */
  openDataVersion: number | null;
}

export async function publicationState(wh: Warehouse, paths: Pick<DataPaths, 'openData'>): Promise<PublicationState> {
  const row = await wh.one<{ last_load: string | null; refreshed: string | null; has_marts: number }>(
    `select (select max(finished_at) from ops.loads where status = 'loaded')::VARCHAR as last_load,
            (select max(finished_at) from ops.mart_refreshes)::VARCHAR as refreshed,
            (select count(*) from information_schema.tables where table_schema = 'mart' and table_name = 'refresh_info') as has_marts`,
  );
  const martVersion = row?.has_marts
    ? ((await wh.scalar<number>(`select max(version) from mart.refresh_info`)) ?? null)
    : null;
  return {
    lastLoadAt: row?.last_load ?? null,
    martVersion: martVersion === null ? null : Number(martVersion),
    martsRefreshedAt: row?.refreshed ?? null,
    openDataVersion: publishedMartVersion(paths),
  };
}

/**
 * Why the marts must be rebuilt, or null when they hold every load. Marts
 * older than a load count only when loads refresh them (`marts.afterLoad`):
 * an operator who turned that off refreshes on the schedule instead. Missing
 * marts always count: every page would fail on them.
 */
export function martsBehind(s: PublicationState, afterLoad = true): string | null {
  if (s.lastLoadAt === null) return null;
  if (s.martVersion === null) return 'data is loaded but the marts were never built';
  if (afterLoad && (s.martsRefreshedAt === null || s.lastLoadAt > s.martsRefreshedAt))
    return `a load finished at ${s.lastLoadAt}, after the last refresh (${s.martsRefreshedAt ?? 'none recorded'})`;
  return null;
}

/** Why open data must be republished, or null when it is computed from the current marts. */
export function openDataBehind(s: PublicationState): string | null {
  if (s.martVersion === null) return null;
  if (s.openDataVersion === null) return `the marts are at version ${s.martVersion} and open data was never published`;
  if (s.openDataVersion < s.martVersion)
    return `open data comes from mart version ${s.openDataVersion}, the marts are at version ${s.martVersion}`;
  return null;
}

/**
 * Runs the marts job when the marts lag behind the loads (its follow-up
 * publishes open data), else the open-data job when open data lags behind
 * the marts. A disabled job is not run: the lag is logged with its reason.
 */
export async function bringPublicationUpToDate(
  runner: JobRunner,
  logger: Logger,
): Promise<RunReport | null> {
  const { wh, paths, config } = runner.options;
  const state = await publicationState(wh, paths);
  const marts = martsBehind(state, config.marts.afterLoad);
  const openData = marts ? null : openDataBehind(state);
  const job = marts ? 'marts' : openData ? 'open-data' : null;
  if (!job) return null;
  const reason = (marts ?? openData)!;
  if (!config.jobs[job].enabled) {
    logger.warn({ code: 'PUBLICATION_BEHIND', job, reason }, `${reason}; the ${job} job is disabled, so it stays behind`);
    return null;
  }
  if (runner.isStopping) return null;
  logger.info({ code: 'PUBLICATION_BEHIND', job, reason }, `${reason}: running the ${job} job now`);
  return runner.run(job, 'catch_up');
}
