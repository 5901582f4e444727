// Alert rules: what a user follows and when it should tell them. Each kind
// declares its parameters once (zod schemas), so a rule stored in
// ops.alert_rules is always one the evaluator understands; the repository
// functions below are the only writers of that table.
import { z } from 'zod';
import type { Session } from '../db.ts';

export const ALERT_KINDS = ['target_status', 'spend_pace', 'feed_overdue', 'load_refused'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

const CUP = /^[A-Z0-9]{15}$/;
const scopeFilter = {
  /** Only this programme's targets/projects (within the user's own scope). */
  programme: z.string().min(1).max(64).optional(),
  /** Only this project (CUP). */
  project: z.string().regex(CUP, 'a CUP is 15 capital letters and digits').optional(),
};

export const ALERT_PARAMS = {
  /** A programme or project target changes status (on track / at risk / off track; SP_TGT). */
  target_status: z.object(scopeFilter).strict(),
  /** A project's spend pace (SP_PACE: paid share / elapsed share) falls below `threshold`, or recovers. */
  spend_pace: z.object({ ...scopeFilter, threshold: z.number().gt(0).max(2).default(0.8) }).strict(),
  /** No file of `feed` loaded for more than `maxAgeDays` days. */
  feed_overdue: z.object({ feed: z.string().regex(/^[a-z_]{2,40}$/), maxAgeDays: z.number().int().min(1).max(730) }).strict(),
  /** A load is refused (optionally only for one feed). */
  load_refused: z.object({ feed: z.string().regex(/^[a-z_]{2,40}$/).optional() }).strict(),
} satisfies Record<AlertKind, z.ZodType>;

export type AlertParams<K extends AlertKind> = z.infer<(typeof ALERT_PARAMS)[K]>;

export interface AlertRule<K extends AlertKind = AlertKind> {
  ruleId: number;
  username: string;
  kind: K;
  params: AlertParams<K>;
  muted: boolean;
  createdAt: string;
  /** Where its events are e-mailed; null: the outbox folder only (and the app). */
  email: string | null;
  /** The language of its e-mails. */
  lang: AlertLang;
}

export type AlertLang = 'it' | 'en';

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export class AlertRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlertRuleError';
  }
}

export function isAlertKind(value: string): value is AlertKind {
  return (ALERT_KINDS as readonly string[]).includes(value);
}

/** Validates a kind and its parameters; the error names the parameter and the rule it breaks. */
export function parseAlertParams<K extends AlertKind>(kind: K, params: unknown): AlertParams<K> {
  const parsed = ALERT_PARAMS[kind].safeParse(params ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.join('.') : 'parameters';
    throw new AlertRuleError(`Alert rule ${kind}: ${where}: ${issue.message}.`);
  }
  return parsed.data as AlertParams<K>;
}

interface RuleRow {
  rule_id: number;
  username: string;
  kind: string;
  params: string;
  muted: boolean;
  created_at: string;
  email: string | null;
  lang: string | null;
}

const RULE_COLUMNS = `rule_id, username, kind, params, muted, created_at::VARCHAR as created_at, email, lang`;

function toRule(row: RuleRow): AlertRule {
  if (!isAlertKind(row.kind)) throw new AlertRuleError(`Alert rule ${row.rule_id} has an unknown kind ${JSON.stringify(row.kind)}.`);
  return {
    ruleId: Number(row.rule_id),
    username: row.username,
    kind: row.kind,
    params: parseAlertParams(row.kind, JSON.parse(row.params)),
    muted: row.muted,
    createdAt: String(row.created_at),
    email: row.email,
    lang: row.lang === 'en' ? 'en' : 'it',
  };
}

export interface NewAlertRule {
  username: string;
  kind: AlertKind;
  params: unknown;
  at: Date;
  email?: string | null;
  lang?: AlertLang;
}

export async function addAlertRule(db: Session, input: NewAlertRule): Promise<AlertRule> {
  const params = parseAlertParams(input.kind, input.params);
  const email = input.email ?? null;
  if (email !== null && !EMAIL.test(email)) throw new AlertRuleError(`Alert rule ${input.kind}: '${email.slice(0, 80)}' is not an e-mail address (name@example.org).`);
  const user = await db.one<{ n: number }>(`select count(*)::INTEGER as n from ops.users where username = $1 and not disabled`, [input.username]);
  if (!user?.n) throw new AlertRuleError(`No active user ${JSON.stringify(input.username)}: alerts are delivered to a user (osservatorio users list).`);
  const row = await db.one<RuleRow>(
    `insert into ops.alert_rules (rule_id, username, kind, params, muted, created_at, email, lang)
     values (nextval('ops.alert_rule_id_seq'), $1, $2, $3, false, $4::TIMESTAMP, $5, $6)
     returning ${RULE_COLUMNS}`,
    [input.username, input.kind, JSON.stringify(params), input.at.toISOString().replace('T', ' ').replace('Z', ''), email, input.lang ?? 'it'],
  );
  return toRule(row!);
}

export async function listAlertRules(db: Session, options: { username?: string } = {}): Promise<AlertRule[]> {
  const rows = await db.rows<RuleRow>(
    `select ${RULE_COLUMNS} from ops.alert_rules
     where $1::VARCHAR is null or username = $1 order by rule_id`,
    [options.username ?? null],
  );
  return rows.map(toRule);
}

export async function getAlertRule(db: Session, ruleId: number): Promise<AlertRule | undefined> {
  const row = await db.one<RuleRow>(`select ${RULE_COLUMNS} from ops.alert_rules where rule_id = $1`, [ruleId]);
  return row ? toRule(row) : undefined;
}

/** Mutes or unmutes a rule; false when there is no such rule (of that user, when given). */
export async function setAlertMuted(db: Session, ruleId: number, muted: boolean, options: { username?: string } = {}): Promise<boolean> {
  const row = await db.one<{ n: number }>(
    `update ops.alert_rules set muted = $2 where rule_id = $1 and ($3::VARCHAR is null or username = $3) returning 1 as n`,
    [ruleId, muted, options.username ?? null],
  );
  return Boolean(row);
}

/** Removes a rule with its states (its past events stay: they were sent). */
export async function removeAlertRule(db: Session, ruleId: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.run(`delete from ops.alert_states where rule_id = $1`, [ruleId]);
    const row = await tx.one<{ n: number }>(`delete from ops.alert_rules where rule_id = $1 returning 1 as n`, [ruleId]);
    return Boolean(row);
  });
}
