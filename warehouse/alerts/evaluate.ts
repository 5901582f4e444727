// evaluateAlerts: compares what each rule sees now with what it saw last time
// and records an event for every change — once per change, not once per run.
// Run after each marts refresh (jobs/definitions.ts) and by `osservatorio
// alerts evaluate`. A subject seen for the first time fires only when its
// state is news on its own (off track, overdue, refused); a muted rule keeps
// its states current without firing; a disabled user's rules are skipped.
import type { Session } from '../db.ts';
import { getUser } from '../accounts/users.ts';
import { ALARMING_STATES, observe, type Observation } from './observe.ts';
import { listAlertRules, type AlertKind, type AlertRule } from './rules.ts';

export interface AlertEvent {
  eventId: number;
  ruleId: number;
  username: string;
  kind: AlertKind;
  subject: string;
  previousState: string | null;
  state: string;
  detail: Observation['detail'];
  firedAt: string;
  /** When it was sent (null: not yet; the app shows it anyway). */
  deliveredAt?: string | null;
  /** How it was sent: email or folder. */
  delivery?: 'email' | 'folder' | null;
}

export interface AlertEvaluation {
  rules: number;
  /** Rules that could not be evaluated (e.g. a KPI refused to the owner), with why; the others still ran. */
  failed: { ruleId: number; error: string }[];
  events: AlertEvent[];
}

// UTC wall time, as the other ops timestamps.
const wallTime = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

async function evaluateRule(db: Session, rule: AlertRule, now: Date): Promise<AlertEvent[]> {
  const user = await getUser(db, rule.username);
  if (!user || user.disabled) return [];
  const seen = await observe(db, rule, { username: user.username, role: user.role, scope: user.scope }, now);
  return db.transaction(async (tx) => {
    const before = new Map(
      (await tx.rows<{ subject: string; state: string }>(`select subject, state from ops.alert_states where rule_id = $1`, [rule.ruleId])).map((r) => [r.subject, r.state]),
    );
    const events: AlertEvent[] = [];
    for (const [subject, obs] of seen) {
      const previous = before.get(subject);
      if (previous === obs.state) continue;
      if (previous === undefined) {
        await tx.run(`insert into ops.alert_states (rule_id, subject, state, since) values ($1, $2, $3, $4::TIMESTAMP)`, [rule.ruleId, subject, obs.state, wallTime(now)]);
      } else {
        await tx.run(`update ops.alert_states set state = $3, since = $4::TIMESTAMP where rule_id = $1 and subject = $2`, [rule.ruleId, subject, obs.state, wallTime(now)]);
      }
      const news = previous !== undefined || ALARMING_STATES[rule.kind].includes(obs.state);
      if (!news || rule.muted) continue;
      const row = await tx.one<{ event_id: number }>(
        `insert into ops.alert_events (event_id, rule_id, username, kind, subject, previous_state, state, detail, fired_at)
         values (nextval('ops.alert_event_id_seq'), $1, $2, $3, $4, $5, $6, $7, $8::TIMESTAMP) returning event_id`,
        [rule.ruleId, rule.username, rule.kind, subject, previous ?? null, obs.state, JSON.stringify(obs.detail), wallTime(now)],
      );
      events.push({
        eventId: Number(row!.event_id),
        ruleId: rule.ruleId,
        username: rule.username,
        kind: rule.kind,
        subject,
        previousState: previous ?? null,
        state: obs.state,
        detail: obs.detail,
        firedAt: now.toISOString(),
      });
    }
    // A subject that left the rule's view (a target removed, a project out of scope) is forgotten silently.
    for (const subject of before.keys()) {
      if (!seen.has(subject)) await tx.run(`delete from ops.alert_states where rule_id = $1 and subject = $2`, [rule.ruleId, subject]);
    }
    return events;
  });
}

/** Evaluates every rule; one rule's failure is reported and does not stop the others. */
export async function evaluateAlerts(db: Session, options: { now: Date }): Promise<AlertEvaluation> {
  const rules = await listAlertRules(db);
  const out: AlertEvaluation = { rules: rules.length, failed: [], events: [] };
  for (const rule of rules) {
    try {
      out.events.push(...(await evaluateRule(db, rule, options.now)));
    } catch (err) {
      out.failed.push({ ruleId: rule.ruleId, error: (err as Error).message });
    }
  }
  return out;
}

interface EventRow {
  event_id: number;
  rule_id: number;
  username: string;
  kind: AlertKind;
  subject: string;
  previous_state: string | null;
  state: string;
  detail: string;
  fired_at: string;
  delivered_at: string | null;
  delivery: 'email' | 'folder' | null;
}

/** A user's events, newest first (all users' for an admin listing when username is omitted; only `eventIds` when given). */
export async function listAlertEvents(db: Session, options: { username?: string; limit?: number; eventIds?: readonly number[] } = {}): Promise<AlertEvent[]> {
  const rows = await db.rows<EventRow>(
    `select event_id, rule_id, username, kind, subject, previous_state, state, detail,
            strftime(fired_at, '%Y-%m-%dT%H:%M:%SZ') as fired_at,
            strftime(delivered_at, '%Y-%m-%dT%H:%M:%SZ') as delivered_at, delivery
     from ops.alert_events
     where ($1::VARCHAR is null or username = $1) and ($3::INTEGER[] is null or list_contains($3::INTEGER[], event_id))
     order by event_id desc limit $2`,
    [options.username ?? null, options.limit ?? 100, options.eventIds ? JSON.stringify(options.eventIds.map(Number)) : null],
  );
  return rows.map((r) => ({
    eventId: Number(r.event_id),
    ruleId: Number(r.rule_id),
    username: r.username,
    kind: r.kind,
    subject: r.subject,
    previousState: r.previous_state,
    state: r.state,
    detail: JSON.parse(r.detail) as Observation['detail'],
    firedAt: r.fired_at,
    deliveredAt: r.delivered_at,
    delivery: r.delivery,
  }));
}
