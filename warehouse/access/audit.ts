// The audit trail (ops.audit): logins, denials, non-public downloads, SQL and
// user administration. Entries name who, what, the target and the outcome with
// fixed reason codes — never a password, a token, an IP or a cell value.
import type { Session } from '../db.ts';

export type AuditOutcome = 'ok' | 'denied' | 'failed' | 'refused';

export interface AuditEntry {
  actor: string | null;
  role: string;
  action: string;
  target?: string | null;
  outcome: AuditOutcome;
  detail?: string | null;
}

const MAX = 200;
const clip = (s: string | null | undefined): string | null => (s == null ? null : s.slice(0, MAX));

/** Where entries about a read-only database go instead (a snapshot reader sends them to the writer). */
export type AuditSink = (entry: AuditEntry) => Promise<void>;
const sinks = new WeakMap<object, AuditSink>();

/** Routes every recordAudit() on `db` (and on nothing else) to `sink`. */
export function sendAuditTo(db: Session, sink: AuditSink): void {
  sinks.set(db, sink);
}

export async function recordAudit(db: Session, entry: AuditEntry): Promise<void> {
  const sink = sinks.get(db);
  if (sink) return sink(entry);
  await db.run(
    `insert into ops.audit (at_time, actor, role, action, target, outcome, detail)
     values (now(), $1, $2, $3, $4, $5, $6)`,
    [clip(entry.actor ?? 'anonymous'), entry.role, entry.action, clip(entry.target), entry.outcome, clip(entry.detail)],
  );
}

export interface AuditRow {
  audit_id: number;
  at_time: string;
  actor: string;
  role: string;
  action: string;
  target: string | null;
  outcome: string;
  detail: string | null;
}

export async function listAudit(db: Session, limit = 100): Promise<AuditRow[]> {
  return db.rows<AuditRow>(`select * from ops.audit order by audit_id desc limit $1`, [limit]);
}
