// The jobs configuration file: <data-dir>/osservatorio.config.json (or a path
// given with --config). Everything is optional; defaults come from
// jobs/definitions.ts. Validated with zod so a typo is refused with the path
// of the wrong key instead of being silently ignored.
import { existsSync, readFileSync } from 'node:fs';
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { DEFAULT_RELEASE_CALENDAR } from '../warehouse/opendata/releaseCalendar.ts';
import { DEFAULT_SNAPSHOTS_KEPT } from '../warehouse/snapshots/publish.ts';

export const JOB_NAMES = ['inbox', 'marts', 'open-data', 'backup', 'reports', 'alerts'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export const TIMEZONE = 'Europe/Rome';

export function isValidCron(expr: string, tz = TIMEZONE): boolean {
  try {
    CronExpressionParser.parse(expr, { tz });
    return expr.trim().split(/\s+/).length >= 5;
  } catch {
    return false;
  }
}

const jobSettings = z
  .object({
    enabled: z.boolean().optional(),
    /** Cron syntax, 5 fields (minute…weekday) or 6 with seconds first. */
    schedule: z
      .string()
      .refine((s) => isValidCron(s), { message: 'not a valid cron expression (5 or 6 fields)' })
      .optional(),
    /** Extra attempts after a failure (0 = no retry). */
    retries: z.number().int().min(0).max(10).optional(),
    /** Wait before the first retry; doubled at each further retry. */
    backoffSeconds: z.number().min(0).max(3600).optional(),
  })
  .strict();

export const ConfigFileSchema = z
  .object({
    /** Only Europe/Rome is supported: the schedules are Italian office hours. */
    timezone: z.literal(TIMEZONE).optional(),
    jobs: z
      .object({
        inbox: jobSettings
          .extend({
            /** How long a file must keep the same size and mtime to count as complete. */
            settleSeconds: z.number().min(0).max(600).optional(),
          })
          .strict()
          .optional(),
        marts: jobSettings
          .extend({
            afterLoad: z.boolean().optional(),
            /** Publish a read-only snapshot for `serve --read-only` after each successful refresh (off by default: it copies the whole file). */
            snapshots: z
              .object({ enabled: z.boolean().optional(), keep: z.number().int().min(1).max(100).optional() })
              .strict()
              .optional(),
          })
          .strict()
          .optional(),
        'open-data': jobSettings
          .extend({
            /** When a numbered release is due (cron, Europe/Rome); the job's own schedule only says when it looks. */
            releaseCalendar: z
              .string()
              .refine((s) => isValidCron(s), { message: 'not a valid cron expression (5 or 6 fields)' })
              .optional(),
          })
          .strict()
          .optional(),
        backup: jobSettings
          .extend({ keep: z.number().int().min(1).max(365).optional() })
          .strict()
          .optional(),
        reports: jobSettings.optional(),
        alerts: jobSettings.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type ConfigFile = z.infer<typeof ConfigFileSchema>;

export interface JobSettings {
  enabled: boolean;
  schedule: string;
  retries: number;
  backoffSeconds: number;
}

export interface JobsConfig {
  timezone: typeof TIMEZONE;
  jobs: Record<JobName, JobSettings>;
  inbox: { settleSeconds: number };
  marts: { afterLoad: boolean; snapshots: { enabled: boolean; keep: number } };
  backup: { keep: number };
  /** The open-data release calendar (absent: warehouse/opendata/releaseCalendar.ts's default). */
  openData?: { releaseCalendar: string };
  /** Where the settings came from (null: defaults only). */
  file: string | null;
}

export const DEFAULT_SETTINGS: Record<JobName, JobSettings> = {
  inbox: { enabled: true, schedule: '* * * * *', retries: 2, backoffSeconds: 10 },
  marts: { enabled: true, schedule: '30 2 * * *', retries: 2, backoffSeconds: 30 },
  'open-data': { enabled: true, schedule: '0 3 * * *', retries: 1, backoffSeconds: 60 },
  backup: { enabled: true, schedule: '30 3 * * *', retries: 1, backoffSeconds: 60 },
  // Looks every five minutes for subscriptions whose own schedule has come.
  reports: { enabled: true, schedule: '*/5 * * * *', retries: 2, backoffSeconds: 60 },
  // Runs after every marts refresh; its own morning run catches what depends on the date alone (a feed overdue).
  alerts: { enabled: true, schedule: '0 7 * * *', retries: 2, backoffSeconds: 60 },
};

export class ConfigError extends Error {
  readonly code = 'JOBS_CONFIG_INVALID';
}

/** Resolves the configuration from a parsed file (or nothing) over the defaults. */
export function resolveJobsConfig(input: unknown, file: string | null = null): JobsConfig {
  const parsed = ConfigFileSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const where = file ?? 'configuration';
    const problems = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new ConfigError(
      `${where} is not valid: ${problems}. See docs/operations.md for the format.`,
    );
  }
  const cfg = parsed.data;
  const jobs = {} as Record<JobName, JobSettings>;
  for (const name of JOB_NAMES) {
    const own = cfg.jobs?.[name] ?? {};
    const d = DEFAULT_SETTINGS[name];
    jobs[name] = {
      enabled: own.enabled ?? d.enabled,
      schedule: own.schedule ?? d.schedule,
      retries: own.retries ?? d.retries,
      backoffSeconds: own.backoffSeconds ?? d.backoffSeconds,
    };
  }
  return {
    timezone: TIMEZONE,
    jobs,
    inbox: { settleSeconds: cfg.jobs?.inbox?.settleSeconds ?? 5 },
    marts: {
      afterLoad: cfg.jobs?.marts?.afterLoad ?? true,
      snapshots: {
        enabled: cfg.jobs?.marts?.snapshots?.enabled ?? false,
        keep: cfg.jobs?.marts?.snapshots?.keep ?? DEFAULT_SNAPSHOTS_KEPT,
      },
    },
    backup: { keep: cfg.jobs?.backup?.keep ?? 7 },
    openData: { releaseCalendar: cfg.jobs?.['open-data']?.releaseCalendar ?? DEFAULT_RELEASE_CALENDAR },
    file,
  };
}

/** Reads the file when it exists; a missing default file means defaults. */
export function loadJobsConfig(path: string, options: { required?: boolean } = {}): JobsConfig {
  if (!existsSync(path)) {
    if (options.required) throw new ConfigError(`Configuration file ${path} does not exist.`);
    return resolveJobsConfig({}, null);
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  return resolveJobsConfig(data, path);
}

/** Scheduled times after `after` up to and including `until` (at most `limit`). */
export function scheduledBetween(expr: string, after: Date, until: Date, limit = 1): Date[] {
  const it = CronExpressionParser.parse(expr, { currentDate: after, endDate: until, tz: TIMEZONE });
  const out: Date[] = [];
  while (out.length < limit && it.hasNext()) out.push(it.next().toDate());
  return out.filter((d) => d.getTime() <= until.getTime());
}

/** The next scheduled time after `from`. */
export function nextScheduled(expr: string, from: Date): Date {
  return CronExpressionParser.parse(expr, { currentDate: from, tz: TIMEZONE }).next().toDate();
}
