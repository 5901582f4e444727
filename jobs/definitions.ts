// The jobs, in one place: what each does, its default schedule (jobs/config.ts
// holds the defaults and the file format), and what it reports. The runner
// (jobs/runner.ts) adds locking, retries and run history around `run`.
import type { Logger } from 'pino';
import type { Warehouse } from '../warehouse/db.ts';
import type { DataPaths } from '../warehouse/paths.ts';
import { backupDatabase } from './backup.ts';
import type { Clock } from '../runtime/clock.ts';
import type { JobName, JobsConfig } from './config.ts';
import { runInbox } from './inbox.ts';
import { refreshMarts } from '../warehouse/marts/refresh.ts';
import { latestRelease, publishOpenData, publishRelease, releaseDue } from '../warehouse/opendata/index.ts';
import { DEFAULT_RELEASE_CALENDAR } from '../warehouse/opendata/releaseCalendar.ts';
import { refreshMartsIncrementally } from '../warehouse/marts/incremental.ts';
import { publishSnapshot } from '../warehouse/snapshots/publish.ts';
import type { RunTrigger } from './history.ts';
import { deliverDueReports, type ReportPages } from '../reports/deliverDue.ts';
import type { SmtpSettings } from '../reports/mail.ts';
import { runAlertsPass } from './alerts.ts';

export interface JobContext {
  wh: Warehouse;
  paths: DataPaths;
  config: JobsConfig;
  clock: Clock;
  logger: Logger;
  /** True once shutdown began: long jobs stop between files. */
  shouldStop: () => boolean;
  /** This attempt's ops.job_runs row. */
  runId: number;
  /** What started the run (absent: treated as an operator's run). */
  trigger?: RunTrigger;
  /** The pages reports are printed from (null: no server in this process) and the SMTP server (null: the outbox folder). */
  reports: { pages: ReportPages | null; smtp: SmtpSettings | null };
}

export interface JobOutcome {
  status: 'ok' | 'skipped';
  rows: number;
  /** Why a job was skipped (e.g. the module it needs is not there). */
  reason?: string;
  /** New data was loaded: the marts must be refreshed. */
  loaded?: boolean;
  detail?: unknown;
}

export interface JobDefinition {
  name: JobName;
  description: string;
  run(ctx: JobContext): Promise<JobOutcome>;
}

export const JOBS: Record<JobName, JobDefinition> = {
  inbox: {
    name: 'inbox',
    description:
      'Load files dropped in <data-dir>/inbox/<source>/ (ready marker or stopped growing); refusals go to quarantine with a report',
    async run(ctx) {
      const r = await runInbox(ctx.wh, ctx.paths, {
        settleMs: ctx.config.inbox.settleSeconds * 1000,
        clock: ctx.clock,
        logger: ctx.logger,
        shouldStop: ctx.shouldStop,
      });
      if (!r.files.length) return { status: 'ok', rows: 0, detail: { files: [] } };
      return {
        status: 'ok',
        rows: r.rows,
        loaded: r.loaded > 0,
        detail: { loaded: r.loaded, refused: r.refused, files: r.files },
      };
    },
  },
  marts: {
    name: 'marts',
    description:
      'Refresh the KPI marts from core: after a load only the slices its rows touched; on schedule or by hand, a full rebuild',
    async run(ctx) {
      // The scheduled and manual runs rebuild in full: they also catch what no
      // load records (reference data updated in place).
      const out =
        ctx.trigger === 'after_load'
          ? await refreshMartsIncrementally(ctx.wh)
          : { ...(await refreshMarts(ctx.wh)), mode: 'full' as const, reason: undefined };
      // The refresh has committed; readers get it as a new snapshot. A failure
      // here fails the run (retried) and leaves them on the previous one.
      const snapshots = ctx.config?.marts?.snapshots;
      const snapshot = snapshots?.enabled ? await publishSnapshot(ctx.wh, ctx.paths.snapshots, { keep: snapshots.keep, now: ctx.clock.now() }) : null;
      return {
        status: 'ok',
        rows: rowsOf(out),
        detail: summary({
          version: out.version,
          asOf: out.asOf,
          ms: out.ms,
          tables: out.tables.length,
          mode: out.mode,
          ...(out.reason ? { reason: out.reason } : {}),
          ...(snapshot ? { snapshot: { file: snapshot.file, bytes: snapshot.bytes, ms: snapshot.ms, removed: snapshot.removed } } : {}),
        }),
      };
    },
  },
  'open-data': {
    name: 'open-data',
    description: 'Publish the open-data tables (disclosure-controlled) to <data-dir>/open-data/, and a numbered release when the release calendar says one is due',
    async run(ctx) {
      const hasMarts = await ctx.wh.scalar<number>(
        `select count(*) from information_schema.tables where table_schema = 'mart' and table_name = 'refresh_info'`,
      );
      if (!hasMarts)
        return {
          status: 'skipped',
          rows: 0,
          reason: 'the marts were never built: run the marts job first',
        };
      const out = await publishOpenData(ctx.wh, ctx.paths);
      const rows = out.datasets.reduce((s, d) => s + d.rows, 0);
      // A numbered release when the calendar says one is due: at most one per
      // calendar date, so a second run the same day publishes nothing.
      const now = ctx.clock.now();
      const calendar = ctx.config.openData?.releaseCalendar ?? DEFAULT_RELEASE_CALENDAR;
      const due = releaseDue(latestRelease(ctx.paths.openData)?.publishedAt ?? null, calendar, now);
      const release = due ? await publishRelease(ctx.wh, ctx.paths, { now }) : null;
      return {
        status: 'ok',
        rows,
        detail: {
          files: out.files.length,
          suppressed: out.datasets.reduce((s, d) => s + d.suppressed, 0),
          release: release ? { number: release.release, date: release.date } : null,
        },
      };
    },
  },
  backup: {
    name: 'backup',
    description:
      'EXPORT DATABASE to Parquet under <data-dir>/backups/<timestamp>/, keeping the newest N',
    async run(ctx) {
      const r = await backupDatabase(ctx.wh, ctx.paths, {
        at: ctx.clock.now(),
        keep: ctx.config.backup.keep,
      });
      return { status: 'ok', rows: 0, detail: { dir: r.dir, removed: r.removed } };
    },
  },
  reports: {
    name: 'reports',
    description:
      'Deliver the subscribed reports that are due, each rendered under its recipient’s scope: by e-mail (SMTP), or to <data-dir>/reports-outbox/ when no SMTP server is configured',
    async run(ctx) {
      const subscriptions = Number((await ctx.wh.scalar<number>(`select count(*) from ops.report_subscriptions`)) ?? 0);
      if (!subscriptions) return { status: 'ok', rows: 0, detail: { deliveries: [] } };
      if (!ctx.reports.pages)
        return {
          status: 'skipped',
          rows: 0,
          reason: 'reports are printed from the dashboard pages: they are delivered by the running server (osservatorio serve), not by this command',
        };
      const deliveries = await deliverDueReports({
        db: ctx.wh,
        dataDir: ctx.paths.dataDir,
        pages: ctx.reports.pages,
        smtp: ctx.reports.smtp,
        now: () => ctx.clock.now(),
        logger: ctx.logger,
        runId: ctx.runId,
        shouldStop: ctx.shouldStop,
      });
      const saved = deliveries.filter((d) => d.status === 'saved').length;
      return {
        status: 'ok',
        rows: deliveries.length,
        detail: {
          deliveries,
          ...(saved ? { note: `no SMTP server configured: ${saved} report(s) saved to ${ctx.paths.dataDir}/reports-outbox/` } : {}),
        },
      };
    },
  },
  alerts: {
    name: 'alerts',
    description:
      'Evaluate the alert rules (after each marts refresh, and daily) and deliver each new alert once to its rule’s owner: by e-mail (SMTP), or to <data-dir>/reports-outbox/ when no SMTP server is configured',
    async run(ctx) {
      const pass = await runAlertsPass({
        db: ctx.wh,
        dataDir: ctx.paths.dataDir,
        smtp: ctx.reports.smtp,
        now: () => ctx.clock.now(),
        logger: ctx.logger,
        runId: ctx.runId,
      });
      const saved = pass.deliveries.filter((d) => d.status === 'saved').length;
      return {
        status: 'ok',
        rows: pass.events,
        detail: {
          ...pass,
          ...(saved ? { note: `no SMTP server configured (or no address): ${saved} alert(s) saved to ${ctx.paths.dataDir}/reports-outbox/` } : {}),
        },
      };
    },
  },
};

function rowsOf(out: unknown): number {
  if (typeof out === 'number') return out;
  if (out && typeof out === 'object') {
    const o = out as Record<string, unknown>;
    if (typeof o.rows === 'number') return o.rows;
    const list = Array.isArray(o.tables) ? o.tables : Array.isArray(o.marts) ? o.marts : undefined;
    if (list)
      return list.reduce(
        (s: number, m: { rows?: unknown }) => s + (typeof m?.rows === 'number' ? m.rows : 0),
        0,
      );
  }
  return 0;
}

function summary(out: unknown): unknown {
  try {
    const text = JSON.stringify(out ?? null);
    return text && text.length < 4000 ? JSON.parse(text) : { note: 'summary too long' };
  } catch {
    return null;
  }
}
