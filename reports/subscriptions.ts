// Rows of ops.report_subscriptions and ops.report_deliveries (migration 100):
// who receives which report on which schedule, and what each delivery did.
// A subscription remembers the last scheduled time it delivered
// (delivered_until): the next delivery is due at the first scheduled time
// after it, so a time missed while the server was down is delivered once at
// start-up, and a failed delivery stays due until a retry succeeds.
import { CronExpressionParser } from 'cron-parser';
import type { Session } from '../warehouse/db.ts';
import { getUser } from '../warehouse/accounts/users.ts';
import { parseReportSpec, reportSpec, type ReportLang, type ReportRequest } from './request.ts';

export const REPORT_TIMEZONE = 'Europe/Rome';

/** Named schedules (Europe/Rome, 07:00): what people ask for, without writing cron. */
export const NAMED_SCHEDULES: Record<string, string> = {
  daily: '0 7 * * *',
  weekly: '0 7 * * 1',
  monthly: '0 7 1 * *',
  quarterly: '0 7 1 1,4,7,10 *',
};

export class SubscriptionError extends Error {
  readonly code = 'SUBSCRIPTION_INVALID';
}

export interface Subscription {
  id: number;
  username: string;
  report: ReportRequest;
  schedule: string;
  email: string | null;
  lang: ReportLang;
  createdAt: string;
  createdBy: string;
  deliveredUntil: string;
}

interface Row {
  subscription_id: number;
  username: string;
  report: string;
  schedule: string;
  email: string | null;
  lang: string;
  created_at: string;
  created_by: string;
  delivered_until: string;
}

// Timestamps are stored as UTC wall time (DuckDB TIMESTAMP has no zone), as ops.job_runs.
const ts = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');
const fromStored = (v: string) => new Date(/[zZ]$/.test(v) ? v : v.replace(' ', 'T') + 'Z');

/** A cron expression (5 fields) or a named schedule, as the cron to store. */
export function resolveSchedule(input: string): string {
  const named = NAMED_SCHEDULES[input.trim().toLowerCase()];
  if (named) return named;
  const expr = input.trim();
  try {
    CronExpressionParser.parse(expr, { tz: REPORT_TIMEZONE });
  } catch {
    throw new SubscriptionError(`'${expr}' is not a schedule: write ${Object.keys(NAMED_SCHEDULES).join(', ')} or a 5-field cron expression (Europe/Rome), e.g. '0 7 1 * *'.`);
  }
  if (expr.split(/\s+/).length !== 5) throw new SubscriptionError(`'${expr}' must have 5 fields (minute hour day month weekday), e.g. '0 7 1 * *'.`);
  return expr;
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

function toSubscription(r: Row): Subscription {
  return {
    id: Number(r.subscription_id),
    username: r.username,
    report: parseReportSpec(r.report),
    schedule: r.schedule,
    email: r.email,
    lang: r.lang === 'en' ? 'en' : 'it',
    createdAt: String(r.created_at),
    createdBy: r.created_by,
    deliveredUntil: String(r.delivered_until),
  };
}

export interface NewSubscription {
  username: string;
  report: ReportRequest;
  schedule: string;
  email: string | null;
  lang?: ReportLang;
  createdBy: string;
  at: Date;
}

export async function addSubscription(db: Session, input: NewSubscription): Promise<Subscription> {
  const user = await getUser(db, input.username);
  if (!user) throw new SubscriptionError(`There is no user '${input.username}'; list them with 'osservatorio users list'.`);
  if (user.disabled) throw new SubscriptionError(`User '${input.username}' is disabled: a report for them could not be rendered.`);
  if (input.email !== null && !EMAIL.test(input.email)) throw new SubscriptionError(`'${input.email.slice(0, 80)}' is not an e-mail address (name@example.org).`);
  const schedule = resolveSchedule(input.schedule);
  const id = await db.scalar<number>(
    `insert into ops.report_subscriptions (subscription_id, username, report, schedule, email, lang, created_at, created_by, delivered_until)
     values (nextval('ops.report_subscription_id_seq'), $1, $2, $3, $4, $5, $6::TIMESTAMP, $7, $6::TIMESTAMP) returning subscription_id`,
    [input.username, reportSpec(input.report), schedule, input.email, input.lang ?? 'it', ts(input.at), input.createdBy],
  );
  return (await getSubscription(db, Number(id)))!;
}

export async function getSubscription(db: Session, id: number): Promise<Subscription | undefined> {
  const row = await db.one<Row>(`select * from ops.report_subscriptions where subscription_id = $1`, [id]);
  return row ? toSubscription(row) : undefined;
}

export async function listSubscriptions(db: Session, options: { username?: string } = {}): Promise<Subscription[]> {
  const rows = await db.rows<Row>(
    `select * from ops.report_subscriptions where ($1::VARCHAR is null or username = $1) order by subscription_id`,
    [options.username ?? null],
  );
  return rows.map(toSubscription);
}

/** Removes a subscription; `username` restricts it to that user's own. Returns whether one was removed. */
export async function removeSubscription(db: Session, id: number, options: { username?: string } = {}): Promise<boolean> {
  const n = await db.scalar<number>(
    `delete from ops.report_subscriptions where subscription_id = $1 and ($2::VARCHAR is null or username = $2) returning 1`,
    [id, options.username ?? null],
  );
  return n !== undefined && n !== null;
}

/** The newest scheduled time in (deliveredUntil, now], or null when nothing is due. */
export function dueAt(s: Pick<Subscription, 'schedule' | 'deliveredUntil'>, now: Date): Date | null {
  const it = CronExpressionParser.parse(s.schedule, { currentDate: fromStored(s.deliveredUntil), endDate: now, tz: REPORT_TIMEZONE });
  let last: Date | null = null;
  // Missed times are delivered once (the newest), not once each.
  for (let i = 0; i < 10_000 && it.hasNext(); i++) last = it.next().toDate();
  return last && last.getTime() <= now.getTime() ? last : null;
}

/** The next scheduled time after `from`. */
export function nextAt(schedule: string, from: Date): Date {
  return CronExpressionParser.parse(schedule, { currentDate: from, tz: REPORT_TIMEZONE }).next().toDate();
}

export interface DeliveryRecord {
  subscriptionId: number;
  runId: number | null;
  scheduledFor: Date;
  at: Date;
  status: 'sent' | 'saved' | 'failed';
  channel: 'smtp' | 'folder';
  file: string | null;
  error: string | null;
}

/** Records a delivery; a successful one moves the subscription past its scheduled time. */
export async function recordDelivery(db: Session, d: DeliveryRecord): Promise<void> {
  await db.run(
    `insert into ops.report_deliveries (delivery_id, subscription_id, run_id, scheduled_for, delivered_at, status, channel, file, error)
     values (nextval('ops.report_delivery_id_seq'), $1, $2, $3::TIMESTAMP, $4::TIMESTAMP, $5, $6, $7, $8)`,
    [d.subscriptionId, d.runId, ts(d.scheduledFor), ts(d.at), d.status, d.channel, d.file, d.error ? d.error.slice(0, 2000) : null],
  );
  if (d.status !== 'failed')
    await db.run(`update ops.report_subscriptions set delivered_until = $1::TIMESTAMP where subscription_id = $2`, [ts(d.scheduledFor), d.subscriptionId]);
}

export interface DeliveryRow {
  delivery_id: number;
  subscription_id: number;
  scheduled_for: string;
  delivered_at: string;
  status: string;
  channel: string;
  file: string | null;
  error: string | null;
}

export function listDeliveries(db: Session, options: { subscriptionId?: number; limit?: number } = {}): Promise<DeliveryRow[]> {
  return db.rows<DeliveryRow>(
    `select delivery_id, subscription_id, scheduled_for::VARCHAR as scheduled_for, delivered_at::VARCHAR as delivered_at, status, channel, file, error
       from ops.report_deliveries where ($1::BIGINT is null or subscription_id = $1) order by delivery_id desc limit $2`,
    [options.subscriptionId ?? null, options.limit ?? 50],
  );
}
