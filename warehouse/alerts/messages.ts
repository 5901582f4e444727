// An alert event in words, Italian or English: a one-line subject (the e-mail
// subject, the list entry in the app) and a short body with the figures
// behind it. Dates are written as people read them (31/10/2025), never ISO.
import type { AlertEvent } from './evaluate.ts';
import type { AlertKind, AlertLang } from './rules.ts';

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
  return new Intl.NumberFormat(lang === 'it' ? 'it-IT' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(Number(value));
}

function percent(value: string | number | null | undefined, lang: AlertLang): string {
  if (value === null || value === undefined) return '–';
  return new Intl.NumberFormat(lang === 'it' ? 'it-IT' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(Number(value));
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
