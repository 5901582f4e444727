// The limits of analyst SQL (POST /api/sql), their defaults and their
// environment variables (documented in docs/security.md and docs/operations.md).
import type { Row } from '../db.ts';

export interface AnalystSqlLimits {
  /** Wall clock per statement, from parsing and planning to the last row. */
  timeoutMs: number;
  /** Rows returned; more rows are cut and flagged `truncated`. */
  rowCap: number;
  /** Size of the rows as JSON; a larger result is refused (SQL_RESULT_TOO_LARGE). */
  maxResultBytes: number;
  /** Resident memory of one sandbox process; past it the process is killed (SQL_MEMORY_LIMIT). */
  memoryMb: number;
  /** Sandbox processes, i.e. statements running at once. */
  concurrency: number;
  /** Statements waiting for a sandbox; one more is refused at once (SQL_BUSY, 503). */
  queueLength: number;
  /** Longest wait in the queue before SQL_BUSY; the wait does not count against timeoutMs. */
  queueTimeoutMs: number;
}

export const DEFAULT_LIMITS: AnalystSqlLimits = {
  timeoutMs: 10_000,
  rowCap: 10_000,
  maxResultBytes: 8 * 1024 * 1024,
  memoryMb: 512,
  concurrency: 2,
  queueLength: 8,
  queueTimeoutMs: 30_000,
};

export interface AnalystSqlResult {
  columns: string[];
  rows: Row[];
  truncated: boolean;
}

const ENV: Record<keyof AnalystSqlLimits, string> = {
  timeoutMs: 'OSSERVATORIO_SQL_TIMEOUT_MS',
  rowCap: 'OSSERVATORIO_SQL_ROW_CAP',
  maxResultBytes: 'OSSERVATORIO_SQL_MAX_RESULT_BYTES',
  memoryMb: 'OSSERVATORIO_SQL_MEMORY_MB',
  concurrency: 'OSSERVATORIO_SQL_CONCURRENCY',
  queueLength: 'OSSERVATORIO_SQL_QUEUE',
  queueTimeoutMs: 'OSSERVATORIO_SQL_QUEUE_TIMEOUT_MS',
};

/** The limits set in the environment; a value that is not a positive integer stops the server with the variable's name. */
export function analystSqlLimitsFromEnv(env: NodeJS.ProcessEnv): Partial<AnalystSqlLimits> {
  const limits: Partial<AnalystSqlLimits> = {};
  for (const [key, name] of Object.entries(ENV) as [keyof AnalystSqlLimits, string][]) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    const min = key === 'queueLength' ? 0 : 1;
    if (!Number.isInteger(value) || value < min)
      throw new Error(`${name} must be an integer of at least ${min} (got '${raw}'); default ${DEFAULT_LIMITS[key]}.`);
    limits[key] = value;
  }
  return limits;
}
