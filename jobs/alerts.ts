// One pass of the alerts job (after each marts refresh, and on its own
// schedule for the rules that depend on the date, such as a feed overdue):
// evaluate every rule, then deliver every event not yet delivered to its
// rule's owner, by e-mail (SMTP) or to the outbox folder, in the rule's
// language. Each attempt is recorded; a failed one stays pending and the pass
// ends in an error naming it, so the runner records the failure in
// ops.job_runs and retries (only what is still pending is sent again).
import type { Logger } from 'pino';
import type { Session } from '../warehouse/db.ts';
import { evaluateAlerts, type AlertEvaluation } from '../warehouse/alerts/evaluate.ts';
import { pendingAlerts, recordAlertDelivery, type PendingAlert } from '../warehouse/alerts/deliveries.ts';
import { alertMessage } from '../warehouse/alerts/messages.ts';
import { deliverMail, outboxDir, type SmtpSettings } from '../reports/mail.ts';

export interface AlertsPassOptions {
  db: Session;
  dataDir: string;
  smtp: SmtpSettings | null;
  now: () => Date;
  logger: Logger;
  /** The alerts job's ops.job_runs row (null: the CLI on the file). */
  runId: number | null;
}

export interface AlertDeliveryOutcome {
  event: number;
  rule: number;
  status: 'sent' | 'saved' | 'failed';
  /** The folder the message was saved to (no SMTP server configured, or no address). */
  folder?: string;
  error?: string;
}

export interface AlertsPass {
  rules: number;
  events: number;
  failedRules: AlertEvaluation['failed'];
  deliveries: AlertDeliveryOutcome[];
}

export class AlertsPassError extends Error {
  readonly code = 'ALERTS_FAILED';
  constructor(
    message: string,
    readonly partial: AlertsPass,
  ) {
    super(message);
  }
}

const FOOTER = {
  it: (rule: number) => `Regola n. ${rule}. Le regole e gli avvisi sono nella pagina Avvisi dell'Osservatorio (/alerts), dove si può sospendere la regola.`,
  en: (rule: number) => `Rule no. ${rule}. Rules and alerts are on the Osservatorio's Alerts page (/alerts), where the rule can be muted.`,
};

async function deliverOne(p: PendingAlert, o: AlertsPassOptions): Promise<AlertDeliveryOutcome> {
  const { subject, body } = alertMessage(p.event, p.lang);
  const base = { event: p.event.eventId, rule: p.event.ruleId };
  try {
    const delivery = await deliverMail(
      {
        to: o.smtp ? p.email : null,
        subject: `Osservatorio — ${subject}`,
        text: `${body}\n\n${FOOTER[p.lang](p.event.ruleId)}`,
        stem: `alert-${p.event.eventId}`,
        attachments: [],
      },
      { smtp: o.smtp, outbox: outboxDir(o.dataDir) },
    );
    const status = delivery.channel === 'smtp' ? 'sent' : 'saved';
    await recordAlertDelivery(o.db, { eventId: p.event.eventId, runId: o.runId, at: o.now(), status, channel: delivery.channel, error: null });
    return { ...base, status, ...(delivery.channel === 'folder' ? { folder: delivery.dir } : {}) };
  } catch (err) {
    const e = err as Error & { code?: string };
    // An SMTP refusal often quotes the address: it is kept out of the records and the logs.
    const error = `${e.code ? e.code + ': ' : ''}${e.message}`.replace(/[^\s<>@"']+@[^\s<>@"']+/g, '<address>');
    await recordAlertDelivery(o.db, { eventId: p.event.eventId, runId: o.runId, at: o.now(), status: 'failed', channel: o.smtp && p.email ? 'smtp' : 'folder', error });
    o.logger.error({ code: 'ALERT_DELIVERY_FAILED', event: p.event.eventId, rule: p.event.ruleId, error }, 'an alert was not delivered');
    return { ...base, status: 'failed', error };
  }
}

/** Evaluates the rules and delivers what is pending; throws AlertsPassError (after trying all) when a rule or a delivery failed. */
export async function runAlertsPass(o: AlertsPassOptions): Promise<AlertsPass> {
  const evaluation = await evaluateAlerts(o.db, { now: o.now() });
  for (const f of evaluation.failed) o.logger.error({ code: 'ALERT_RULE_FAILED', rule: f.ruleId, error: f.error }, 'an alert rule could not be evaluated');
  const deliveries: AlertDeliveryOutcome[] = [];
  for (const p of await pendingAlerts(o.db)) deliveries.push(await deliverOne(p, o));
  const pass: AlertsPass = { rules: evaluation.rules, events: evaluation.events.length, failedRules: evaluation.failed, deliveries };
  const failed = deliveries.filter((d) => d.status === 'failed');
  const problems = [
    ...evaluation.failed.map((f) => `rule ${f.ruleId} not evaluated (${f.error})`),
    ...failed.map((f) => `alert ${f.event} of rule ${f.rule} not delivered (${f.error})`),
  ];
  if (problems.length) throw new AlertsPassError(`${problems.length} alert problem(s): ${problems.join('; ')}`.slice(0, 1800), pass);
  return pass;
}
