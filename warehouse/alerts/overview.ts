// The alerts page's data, in words: each rule (what it follows, when it
// speaks, what it sees now, muted or not) and the recent events with how they
// were delivered. A user sees their own rules; an admin sees everyone's. The
// texts are made here, in the reader's language, so the page shows no state
// code and no ISO date.
import type { Session } from '../db.ts';
import { alertDeliveries } from './deliveries.ts';
import { listAlertEvents } from './evaluate.ts';
import { alertMessage, alertRuleText, alertStateLabel, alertSubjectText, readableDate } from './messages.ts';
import { listAlertRules, type AlertLang } from './rules.ts';
import { alertStates } from './states.ts';

export interface AlertRuleView {
  id: number;
  username: string;
  what: string;
  threshold: string;
  /** Each subject the rule follows, in words, with its state now and since when (dd/mm/yyyy). */
  now: { subject: string; state: string; since: string }[];
  muted: boolean;
  byEmail: boolean;
}

export interface AlertEventView {
  id: number;
  ruleId: number;
  username: string;
  /** The event in words (the e-mail's subject). */
  text: string;
  /** The figures behind it (the e-mail's body after the first line). */
  figures: string;
  /** dd/mm/yyyy. */
  firedOn: string;
  /** How it was delivered, in words: sent by e-mail, saved to the folder, not yet, failed (with why). */
  delivery: string;
  failed: boolean;
}

export interface AlertsOverview {
  rules: AlertRuleView[];
  events: AlertEventView[];
}

const DELIVERY = {
  email: { it: 'inviato per e-mail', en: 'e-mailed' },
  folder: { it: 'salvato nella cartella', en: 'saved to the folder' },
  pending: { it: 'in attesa di invio', en: 'waiting to be sent' },
  failed: { it: 'invio non riuscito, sarà ritentato', en: 'not delivered, will be retried' },
};

/** The rules and recent events `username` may see (every user's when omitted, for an admin). */
export async function alertsOverview(db: Session, options: { username?: string; lang: AlertLang; limit?: number }): Promise<AlertsOverview> {
  const { lang } = options;
  const rules = await listAlertRules(db, { username: options.username });
  const states = await alertStates(db, rules.map((r) => r.ruleId));
  const events = await listAlertEvents(db, { username: options.username, limit: options.limit ?? 50 });
  const attempts = await alertDeliveries(db, events.map((e) => e.eventId));
  const lastAttempt = new Map<number, (typeof attempts)[number]>();
  for (const a of attempts) if (!lastAttempt.has(a.eventId)) lastAttempt.set(a.eventId, a);
  return {
    rules: rules.map((r) => ({
      id: r.ruleId,
      username: r.username,
      ...alertRuleText(r, lang),
      now: states
        .filter((s) => s.ruleId === r.ruleId)
        .map((s) => ({ subject: alertSubjectText(r.kind, s.subject, lang), state: alertStateLabel(r.kind, s.state, lang), since: readableDate(s.since, lang) })),
      muted: r.muted,
      byEmail: Boolean(r.email),
    })),
    events: events.map((e) => {
      const { subject, body } = alertMessage(e, lang);
      const last = lastAttempt.get(e.eventId);
      const failed = !e.delivery && last?.status === 'failed';
      const delivery = e.delivery
        ? `${DELIVERY[e.delivery][lang]} (${readableDate(e.deliveredAt, lang)})`
        : failed
          ? `${DELIVERY.failed[lang]}: ${last!.error ?? ''}`
          : DELIVERY.pending[lang];
      return {
        id: e.eventId,
        ruleId: e.ruleId,
        username: e.username,
        text: subject,
        figures: body.split('\n').slice(1).join('\n'),
        firedOn: readableDate(e.firedAt, lang),
        delivery,
        failed,
      };
    }),
  };
}
