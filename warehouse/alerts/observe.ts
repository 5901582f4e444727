// What each kind of alert rule looks at, now: one state per subject (a target,
// a project, a feed, a load). Data rules read the KPI layer through the access
// layer under the rule owner's own principal, so a funder's rule sees exactly
// what the funder's pages show (their projects, disclosure applied).
import type { Session } from '../db.ts';
import { authorizedKpi } from '../access/kpi.ts';
import { isInternal, type Principal } from '../access/roles.ts';
import type { KpiRequest } from '../kpi/types.ts';
import type { AlertKind, AlertParams, AlertRule } from './rules.ts';

export interface Observation {
  state: string;
  /** What the subject is and the figures behind the state; shown in messages, never a personal value. */
  detail: Record<string, string | number | null>;
}

/** States that are news on their own: seen for the first time, they fire. */
export const ALARMING_STATES: Record<AlertKind, readonly string[]> = {
  target_status: ['at_risk', 'off_track'],
  spend_pace: ['below'],
  feed_overdue: ['overdue'],
  load_refused: ['refused'],
};

/** Kinds that read operational records (loads), which only internal roles may see. */
export const INTERNAL_KINDS: readonly AlertKind[] = ['feed_overdue', 'load_refused'];

const DAY_MS = 86_400_000;

function scopeRequest(params: { programme?: string; project?: string }, dims: string[]): KpiRequest {
  const filters: Record<string, string> = {};
  if (params.programme) filters.programme = params.programme;
  if (params.project) filters.project = params.project;
  return { dims, filters };
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

async function targetStatus(db: Session, who: Principal, params: AlertParams<'target_status'>): Promise<Map<string, Observation>> {
  const result = await authorizedKpi(db, who, 'SP_TGT', scopeRequest(params, ['programme', 'project', 'indicator', 'target_kind']));
  const out = new Map<string, Observation>();
  for (const row of result.rows) {
    if (row.status === null || row.status === undefined) continue; // no actual or no expected path yet: nothing to judge
    const subject = [row.programme, row.project, row.indicator, row.target_kind].join('|');
    out.set(subject, {
      state: String(row.status),
      detail: {
        programme: String(row.programme),
        project: row.project === 'none' ? null : String(row.project),
        indicator: String(row.indicator),
        targetKind: String(row.target_kind),
        actual: num(row.actual),
        expected: num(row.expected),
        targetValue: num(row.target_value),
        dueDate: row.due_date === null ? null : String(row.due_date),
        asOf: result.asOf,
      },
    });
  }
  return out;
}

async function spendPace(db: Session, who: Principal, params: AlertParams<'spend_pace'>): Promise<Map<string, Observation>> {
  const result = await authorizedKpi(db, who, 'SP_PACE', scopeRequest(params, ['programme', 'project']));
  const out = new Map<string, Observation>();
  for (const row of result.rows) {
    const pace = num(row.pace);
    if (pace === null) continue; // not started or no dates: no pace to judge
    out.set(String(row.project), {
      state: pace < params.threshold ? 'below' : 'ok',
      detail: { programme: String(row.programme), project: String(row.project), pace, threshold: params.threshold, asOf: result.asOf },
    });
  }
  return out;
}

async function feedOverdue(db: Session, params: AlertParams<'feed_overdue'>, now: Date): Promise<Map<string, Observation>> {
  // started_at is written as UTC wall time (finished_at by DuckDB's now(), in its session zone).
  const row = await db.one<{ last: string | null }>(
    `select strftime(max(started_at), '%Y-%m-%dT%H:%M:%SZ') as last from ops.loads
     where feed = $1 and status = 'loaded' and reverted_at is null`,
    [params.feed],
  );
  const last = row?.last ?? null;
  const ageDays = last === null ? null : Math.floor((now.getTime() - Date.parse(last)) / DAY_MS);
  const overdue = ageDays === null || ageDays > params.maxAgeDays;
  return new Map([[params.feed, { state: overdue ? 'overdue' : 'ok', detail: { feed: params.feed, lastLoadedAt: last, ageDays, maxAgeDays: params.maxAgeDays } }]]);
}

async function loadRefused(db: Session, rule: AlertRule, params: AlertParams<'load_refused'>): Promise<Map<string, Observation>> {
  // Only loads after the rule was made: a new rule does not replay the history.
  const rows = await db.rows<{ load_id: number; feed: string | null; error: string | null; at: string }>(
    `select load_id, feed, error, strftime(started_at, '%Y-%m-%dT%H:%M:%SZ') as at from ops.loads
     where status = 'refused' and started_at >= $1::TIMESTAMP and ($2::VARCHAR is null or feed = $2)
     order by load_id`,
    [rule.createdAt, params.feed ?? null],
  );
  return new Map(
    rows.map((r) => [
      `load:${r.load_id}`,
      { state: 'refused', detail: { loadId: Number(r.load_id), feed: r.feed, error: r.error, at: r.at } },
    ]),
  );
}

/** The rule's subjects and their states now, as its owner may see them. */
export async function observe(db: Session, rule: AlertRule, who: Principal, now: Date): Promise<Map<string, Observation>> {
  if (INTERNAL_KINDS.includes(rule.kind) && !isInternal(who.role)) return new Map();
  switch (rule.kind) {
    case 'target_status':
      return targetStatus(db, who, rule.params as AlertParams<'target_status'>);
    case 'spend_pace':
      return spendPace(db, who, rule.params as AlertParams<'spend_pace'>);
    case 'feed_overdue':
      return feedOverdue(db, rule.params as AlertParams<'feed_overdue'>, now);
    case 'load_refused':
      return loadRefused(db, rule, rule.params as AlertParams<'load_refused'>);
  }
}
