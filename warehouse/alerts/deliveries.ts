// Delivery of alert events (migration 110): which fired events are still to be
// sent, and the record of each attempt. An event is pending until an attempt
// succeeds (delivered_at set in the same transaction as the attempt's row), so
// a failed one is retried by the next run and a delivered one is never sent
// twice. Events of a rule muted after they fired wait with it (a muted rule
// sends nothing), as do those of a disabled user.
import type { Session } from '../db.ts';
import { listAlertEvents, type AlertEvent } from './evaluate.ts';
import type { AlertLang } from './rules.ts';

export interface PendingAlert {
  event: AlertEvent;
  /** The rule's address; null: the outbox folder only. */
  email: string | null;
  lang: AlertLang;
}

export type AlertDeliveryStatus = 'sent' | 'saved' | 'failed';
export type AlertChannel = 'smtp' | 'folder';

export interface AlertDeliveryRecord {
  eventId: number;
  runId: number | null;
  at: Date;
  status: AlertDeliveryStatus;
  channel: AlertChannel;
  error: string | null;
}

// UTC wall time, as the other ops timestamps.
const wallTime = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

/** Events not yet delivered whose rule still exists and is not muted, and whose owner is not disabled, oldest first. */
export async function pendingAlerts(db: Session): Promise<PendingAlert[]> {
  const rows = await db.rows<{ event_id: number; email: string | null; lang: string | null }>(
    `select e.event_id, r.email, r.lang from ops.alert_events e join ops.alert_rules r using (rule_id)
       join ops.users u on u.username = r.username
     where e.delivered_at is null and not r.muted and not u.disabled order by e.event_id`,
  );
  if (!rows.length) return [];
  const wanted = new Map(rows.map((r) => [Number(r.event_id), r]));
  const events = (await listAlertEvents(db, { limit: 1_000_000, eventIds: [...wanted.keys()] })).reverse();
  return events.map((event) => {
    const r = wanted.get(event.eventId)!;
    return { event, email: r.email, lang: r.lang === 'en' ? 'en' : 'it' };
  });
}

/** Records one attempt; a successful one marks the event delivered (by e-mail or to the folder). */
export async function recordAlertDelivery(db: Session, d: AlertDeliveryRecord): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run(
      `insert into ops.alert_deliveries (delivery_id, event_id, run_id, attempted_at, status, channel, error)
       values (nextval('ops.alert_delivery_id_seq'), $1, $2, $3::TIMESTAMP, $4, $5, $6)`,
      [d.eventId, d.runId, wallTime(d.at), d.status, d.channel, d.error ? d.error.slice(0, 2000) : null],
    );
    if (d.status !== 'failed')
      await tx.run(`update ops.alert_events set delivered_at = $2::TIMESTAMP, delivery = $3 where event_id = $1`, [
        d.eventId,
        wallTime(d.at),
        d.channel === 'smtp' ? 'email' : 'folder',
      ]);
  });
}

export interface AlertDeliveryRow {
  eventId: number;
  status: AlertDeliveryStatus;
  channel: AlertChannel;
  at: string;
  error: string | null;
}

/** Every attempt for these events, newest first. */
export async function alertDeliveries(db: Session, eventIds: readonly number[]): Promise<AlertDeliveryRow[]> {
  if (!eventIds.length) return [];
  const rows = await db.rows<{ event_id: number; status: AlertDeliveryStatus; channel: AlertChannel; at: string; error: string | null }>(
    `select event_id, status, channel, strftime(attempted_at, '%Y-%m-%dT%H:%M:%SZ') as at, error
     from ops.alert_deliveries where list_contains($1::INTEGER[], event_id) order by delivery_id desc`,
    [JSON.stringify(eventIds.map(Number))],
  );
  return rows.map((r) => ({ eventId: Number(r.event_id), status: r.status, channel: r.channel, at: r.at, error: r.error }));
}
