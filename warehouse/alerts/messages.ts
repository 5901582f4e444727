// An alert event in words, Italian or English: a one-line subject (the e-mail
// subject, the list entry in the app) and a short body with the figures
// behind it. Dates are written as people read them (31/10/2025), never ISO.
import type { AlertEvent } from './evaluate.ts';
import type { AlertKind, AlertLang, AlertRule } from './rules.ts';
import { numberFormat } from '../readableNumber.ts';

export type { AlertLang };

const STATES: Record<AlertKind, Record<string, { it: string; en: string }>> = {
  target_status: {
    on_track: { it: 'in linea', en: 'on track' },
    at_risk: { it: 'a rischio', en: 'at risk' },
    off_track: { it: 'fuori linea', en: 'off track' },
  },
  spend_pace: {
    below: { it: 'sotto la soglia', en: 'below the threshold' },
    ok: { it: 'alla soglia o sopra', en: 'at or above the threshold' },
  },
  feed_overdue: {
    overdue: { it: 'in ritardo', en: 'overdue' },
    ok: { it: 'ricevuto', en: 'received' },
  },
  load_refused: {
    refused: { it: 'rifiutato', en: 'refused' },
  },
};

const TARGET_KINDS: Record<string, { it: string; en: string }> = {
  milestone: { it: 'traguardo', en: 'milestone' },
  target: { it: 'obiettivo', en: 'target' },
};

export function alertStateLabel(kind: AlertKind, state: string, lang: AlertLang): string {
  return STATES[kind][state]?.[lang] ?? state;
}

/** '2025-10-31' or an ISO timestamp → '31/10/2025' (Italian) or '31/10/2025' (English, day first as in the EU). */
export function readableDate(value: string | number | null | undefined, lang: AlertLang): string {
  if (value === null || value === undefined || value === '') return lang === 'it' ? 'mai' : 'never';
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? `${value}T12:00:00Z` : String(value));
  return new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Rome' }).format(d);
}

function number(value: string | number | null | undefined, lang: AlertLang, digits = 0): string {
  if (value === null || value === undefined) return '–';
  return numberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(Number(value));
}

function percent(value: string | number | null | undefined, lang: AlertLang): string {
  if (value === null || value === undefined) return '–';
  return numberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(Number(value));
}

function what(event: AlertEvent, lang: AlertLang): string {
  const d = event.detail;
  const it = lang === 'it';
  switch (event.kind) {
    case 'target_status': {
      const kind = TARGET_KINDS[String(d.targetKind)]?.[lang] ?? String(d.targetKind);
      const owner = d.project ? (it ? `progetto ${d.project}` : `project ${d.project}`) : it ? `programma ${d.programme}` : `programme ${d.programme}`;
      return it ? `Indicatore ${d.indicator} (${kind}, ${owner})` : `Indicator ${d.indicator} (${kind}, ${owner})`;
    }
    case 'spend_pace':
      return it ? `Ritmo di spesa del progetto ${d.project}` : `Spend pace of project ${d.project}`;
    case 'feed_overdue':
      return it ? `Flusso dati «${d.feed}»` : `Data feed “${d.feed}”`;
    case 'load_refused':
      return it ? `Caricamento n. ${d.loadId}${d.feed ? ` (flusso «${d.feed}»)` : ''}` : `Load no. ${d.loadId}${d.feed ? ` (feed “${d.feed}”)` : ''}`;
  }
}

function figures(event: AlertEvent, lang: AlertLang): string {
  const d = event.detail;
  const it = lang === 'it';
  switch (event.kind) {
    case 'target_status':
      return it
        ? `Valore attuale ${number(d.actual, lang, 2)}, atteso alla data ${number(d.expected, lang, 2)}, obiettivo ${number(d.targetValue, lang, 2)} entro il ${readableDate(d.dueDate, lang)}. Dati al ${readableDate(d.asOf, lang)}.`
        : `Actual ${number(d.actual, lang, 2)}, expected at the date ${number(d.expected, lang, 2)}, target ${number(d.targetValue, lang, 2)} by ${readableDate(d.dueDate, lang)}. Data as of ${readableDate(d.asOf, lang)}.`;
    case 'spend_pace':
      return it
        ? `Ritmo (quota pagata / quota di tempo trascorsa) ${percent(d.pace, lang)}, soglia ${percent(d.threshold, lang)}. Dati al ${readableDate(d.asOf, lang)}.`
        : `Pace (paid share / elapsed share) ${percent(d.pace, lang)}, threshold ${percent(d.threshold, lang)}. Data as of ${readableDate(d.asOf, lang)}.`;
    case 'feed_overdue':
      return it
        ? `Ultimo file caricato: ${readableDate(d.lastLoadedAt, lang)}; atteso almeno ogni ${number(d.maxAgeDays, lang)} giorni.`
        : `Last file loaded: ${readableDate(d.lastLoadedAt, lang)}; expected at least every ${number(d.maxAgeDays, lang)} days.`;
    case 'load_refused':
      return it
        ? `Rifiutato il ${readableDate(d.at, lang)}: ${d.error ?? 'vedi il rapporto del caricamento'}.`
        : `Refused on ${readableDate(d.at, lang)}: ${d.error ?? 'see the load report'}.`;
  }
}

/** The event as a subject line and a body, in the recipient's language. */
export function alertMessage(event: AlertEvent, lang: AlertLang): { subject: string; body: string } {
  const now = alertStateLabel(event.kind, event.state, lang);
  const change =
    event.previousState === null
      ? now
      : lang === 'it'
        ? `da ${alertStateLabel(event.kind, event.previousState, lang)} a ${now}`
        : `from ${alertStateLabel(event.kind, event.previousState, lang)} to ${now}`;
  const subject = `${what(event, lang)}: ${change}`;
  return { subject, body: `${subject}.\n${figures(event, lang)}` };
}

/** A rule's subject (as stored in ops.alert_states) in words: which target, project, feed or load. */
export function alertSubjectText(kind: AlertKind, subject: string, lang: AlertLang): string {
  const it = lang === 'it';
  switch (kind) {
    case 'target_status': {
      const [programme, project, indicator, targetKind] = subject.split('|');
      const k = TARGET_KINDS[String(targetKind)]?.[lang] ?? String(targetKind);
      const owner = project && project !== 'none' ? (it ? `progetto ${project}` : `project ${project}`) : it ? `programma ${programme}` : `programme ${programme}`;
      return `${indicator} (${k}, ${owner})`;
    }
    case 'spend_pace':
      return it ? `progetto ${subject}` : `project ${subject}`;
    case 'feed_overdue':
      return it ? `flusso «${subject}»` : `feed “${subject}”`;
    case 'load_refused':
      return it ? `caricamento n. ${subject.replace(/^load:/, '')}` : `load no. ${subject.replace(/^load:/, '')}`;
  }
}

/** What a rule follows and when it speaks, in words (the rule's parameters, never a code without its meaning). */
export function alertRuleText(rule: Pick<AlertRule, 'kind' | 'params'>, lang: AlertLang): { what: string; threshold: string } {
  const it = lang === 'it';
  const p = rule.params as Record<string, string | number | undefined>;
  const within = p.project
    ? it ? ` del progetto ${p.project}` : ` of project ${p.project}`
    : p.programme
      ? it ? ` del programma ${p.programme}` : ` of programme ${p.programme}`
      : it ? ' (tutti quelli visibili)' : ' (all those visible)';
  switch (rule.kind) {
    case 'target_status':
      return {
        what: (it ? 'Stato dei traguardi e degli obiettivi' : 'Status of milestones and targets') + within,
        threshold: it ? 'ogni passaggio tra in linea, a rischio e fuori linea' : 'every change between on track, at risk and off track',
      };
    case 'spend_pace':
      return {
        what: (it ? 'Ritmo di spesa dei progetti' : 'Spend pace of projects') + within,
        threshold: it ? `sotto ${percent(p.threshold, lang)}` : `below ${percent(p.threshold, lang)}`,
      };
    case 'feed_overdue':
      return {
        what: it ? `Arrivo del flusso dati «${p.feed}»` : `Arrival of data feed “${p.feed}”`,
        threshold: it ? `nessun file per più di ${number(p.maxAgeDays, lang)} giorni` : `no file for more than ${number(p.maxAgeDays, lang)} days`,
      };
    case 'load_refused':
      return {
        what: p.feed ? (it ? `Caricamenti del flusso «${p.feed}»` : `Loads of feed “${p.feed}”`) : it ? 'Caricamenti di ogni flusso' : 'Loads of every feed',
        threshold: it ? 'ogni caricamento rifiutato' : 'every refused load',
      };
  }
}
