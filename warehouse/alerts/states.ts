// What each rule sees now (ops.alert_states, kept by the evaluator): the
// state of each of its subjects and since when, for the app and the CLI.
import type { Session } from '../db.ts';

export interface AlertSubjectState {
  ruleId: number;
  subject: string;
  state: string;
  /** ISO timestamp (UTC) of the change to this state. */
  since: string;
}

/** The current states of the given rules' subjects, by rule then subject. */
export async function alertStates(db: Session, ruleIds: readonly number[]): Promise<AlertSubjectState[]> {
  if (!ruleIds.length) return [];
  const rows = await db.rows<{ rule_id: number; subject: string; state: string; since: string }>(
    `select rule_id, subject, state, strftime(since, '%Y-%m-%dT%H:%M:%SZ') as since from ops.alert_states
     where list_contains($1::INTEGER[], rule_id) order by rule_id, subject`,
    [JSON.stringify(ruleIds.map(Number))],
  );
  return rows.map((r) => ({ ruleId: Number(r.rule_id), subject: r.subject, state: r.state, since: r.since }));
}
