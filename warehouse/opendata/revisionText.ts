// Revision notes in words, Italian or English: one line per statement, cells
// named by their labels and periods in words, dates as 31/10/2025. Used by
// `osservatorio release list`, the release's metadata and the /open-data page.
import { listedCells, type CellRef, type RevisionNotes } from './revisionNotes.ts';
import { periodInWords } from './periods.ts';
import { PUBLIC_TABLES } from './tables.ts';
import { numberFormat } from '../readableNumber.ts';

type Lang = 'it' | 'en';

/** 2025-10-31 → 31/10/2025. */
export function dayMonthYear(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

function measureName(table: string, measure: string, lang: Lang): string {
  const def = PUBLIC_TABLES.find((t) => t.id === table);
  return def?.measures.find((m) => m.name === measure)?.description[lang] ?? measure;
}

function cellText(table: string, c: CellRef, lang: Lang): string {
  return `${[...c.labels, periodInWords(c.period, lang)].join(', ')} — ${measureName(table, c.measure, lang).toLowerCase()}`;
}

// The contract feeds (ingest/feeds/) in words; a feed not listed is named «altri dati» rather than by its id.
const FEEDS: Record<string, { it: string; en: string }> = {
  job_seekers: { it: 'persone in cerca di lavoro', en: 'job seekers' },
  placements: { it: 'inserimenti lavorativi', en: 'placements' },
  vacancies: { it: 'offerte di lavoro', en: 'vacancies' },
  services: { it: 'servizi erogati', en: 'services' },
  events: { it: 'eventi dei percorsi', en: 'pathway events' },
  matches: { it: 'abbinamenti', en: 'matches' },
  employers: { it: 'datori di lavoro', en: 'employers' },
  offices: { it: 'centri per l’impiego', en: 'job centres' },
  programmes: { it: 'programmi', en: 'programmes' },
  projects: { it: 'progetti', en: 'projects' },
  project_financials: { it: 'dati finanziari dei progetti', en: 'project financials' },
  indicator_reports: { it: 'indicatori dei progetti', en: 'project indicators' },
  targets: { it: 'obiettivi', en: 'targets' },
  context_stats: { it: 'statistiche di contesto', en: 'context statistics' },
};
const OTHER_FEED = { it: 'altri dati', en: 'other data' };

export function revisionText(notes: RevisionNotes, lang: Lang): string[] {
  const it = lang === 'it';
  // A figure or a count as the notes' language writes it (1.205 / 1,205); a hidden cell is «c».
  const format = numberFormat(lang);
  const n = (v: number | null) => (v === null ? 'c' : format.format(v));
  const lines: string[] = [];
  if (notes.previous === null) {
    lines.push(it ? `Primo rilascio: dati aggiornati al ${dayMonthYear(notes.asOf)}.` : `First release: data as of ${dayMonthYear(notes.asOf)}.`);
    return lines;
  }
  // The data's date said twice when it did not move reads as a mistake: said once, as unchanged.
  const before = notes.asOfBefore ?? notes.asOf;
  lines.push(
    before === notes.asOf
      ? it
        ? `Rispetto al rilascio ${notes.previous}: dati aggiornati sempre al ${dayMonthYear(notes.asOf)}.`
        : `Compared with release ${notes.previous}: data still as of ${dayMonthYear(notes.asOf)}.`
      : it
        ? `Rispetto al rilascio ${notes.previous}: dati aggiornati al ${dayMonthYear(notes.asOf)} (prima al ${dayMonthYear(before)}).`
        : `Compared with release ${notes.previous}: data as of ${dayMonthYear(notes.asOf)} (before: ${dayMonthYear(before)}).`,
  );
  if (notes.loads.length) {
    const what = notes.loads
      .map((l) => {
        const feed = (FEEDS[l.feed] ?? OTHER_FEED)[lang];
        return it ? `${feed}: ${n(l.files)} file, ${n(l.rows)} ${l.rows === 1 ? 'riga' : 'righe'}` : `${feed}: ${n(l.files)} file${l.files === 1 ? '' : 's'}, ${n(l.rows)} row${l.rows === 1 ? '' : 's'}`;
      })
      .join('; ');
    lines.push(it ? `Perché: dati arrivati dopo il rilascio precedente (${what}).` : `Why: data received after the previous release (${what}).`);
  }
  if (notes.finalised.length) {
    const ps = notes.finalised.map((p) => periodInWords(p, lang)).join(', ');
    lines.push(it ? `Diventano definitivi: ${ps}.` : `Now final: ${ps}.`);
  }
  let anything = false;
  for (const t of notes.tables) {
    const title = PUBLIC_TABLES.find((d) => d.id === t.id)?.title[lang] ?? t.id;
    const parts: string[] = [];
    const list = (cells: CellRef[], arrow: boolean) => {
      const { shown, more } = listedCells(cells);
      const items = shown.map((c) => (arrow ? `${cellText(t.id, c, lang)}: ${n(c.from)} → ${n(c.to)}` : cellText(t.id, c, lang)));
      if (more) items.push(it ? `e altre ${n(more)}` : `and ${n(more)} more`);
      return items.join('; ');
    };
    if (t.changed.length)
      parts.push(it ? `${n(t.changed.length)} ${t.changed.length === 1 ? 'cella rivista' : 'celle riviste'} (${list(t.changed, true)})` : `${n(t.changed.length)} cell${t.changed.length === 1 ? '' : 's'} revised (${list(t.changed, true)})`);
    if (t.added) parts.push(it ? `${n(t.added)} ${t.added === 1 ? 'cella nuova' : 'celle nuove'}` : `${n(t.added)} new cell${t.added === 1 ? '' : 's'}`);
    if (t.newlySuppressed.length)
      parts.push(
        it
          ? `${n(t.newlySuppressed.length)} ${t.newlySuppressed.length === 1 ? 'cella ora riservata' : 'celle ora riservate'} (${list(t.newlySuppressed, false)})`
          : `${n(t.newlySuppressed.length)} cell${t.newlySuppressed.length === 1 ? '' : 's'} now confidential (${list(t.newlySuppressed, false)})`,
      );
    if (t.newlyPublished.length)
      parts.push(it ? `${n(t.newlyPublished.length)} celle prima riservate ora pubblicate` : `${n(t.newlyPublished.length)} formerly confidential cells now published`);
    if (!parts.length) continue;
    anything = true;
    lines.push(`${title}: ${parts.join('; ')}.`);
  }
  if (!anything) lines.push(it ? 'Nessuna cella cambiata.' : 'No cell changed.');
  return lines;
}
