// The releases as the /open-data page shows them: dates as 31/10/2025,
// provisional and final periods in words, the revision notes in words, in
// Italian and English. Read from each release's frozen files, so the page
// says exactly what the release published.
import { periodInWords } from './periods.ts';
import { listReleases, readTablesIn, releaseDir } from './releaseFiles.ts';
import { dayMonthYear } from './revisionText.ts';

type Text = { it: string; en: string };

export interface ReleaseView {
  release: number;
  /** Publication day, 31/10/2025. */
  date: string;
  /** The data's as-of date, 30/09/2025. */
  asOf: string;
  /** Periods still provisional in this release, in words (empty: none). */
  provisional: Text;
  /** Periods final in this release, in words (empty: none). */
  final: Text;
  /** The revision notes: what changed since the previous release, and why. */
  notes: { it: string[]; en: string[] };
  /** The release's dataset and dictionary files (served at /open-data/releases/<n>/<name>). */
  files: string[];
}

/** Years first, then quarters, each in time order: 2024, 2025, 1º trimestre 2025, … */
function inWords(periods: string[]): Text {
  const sorted = [...periods].sort((a, b) => a.length - b.length || a.localeCompare(b));
  return { it: sorted.map((p) => periodInWords(p, 'it')).join(', '), en: sorted.map((p) => periodInWords(p, 'en')).join(', ') };
}

/** Every published release, newest first. */
export function releaseViews(openData: string): ReleaseView[] {
  return listReleases(openData)
    .reverse()
    .map((r) => {
      const periods = new Set([...readTablesIn(releaseDir(openData, r.release)).values()].flatMap((t) => t.rows.map((row) => String(row.period))));
      const provisional = new Set(r.provisional);
      return {
        release: r.release,
        date: dayMonthYear(r.date),
        asOf: dayMonthYear(r.asOf),
        provisional: inWords(r.provisional),
        final: inWords([...periods].filter((p) => !provisional.has(p))),
        notes: r.text,
        files: r.files.map((f) => f.name),
      };
    });
}

/** The `release` URL parameter of the page, checked: null for the latest, or a published release's number. */
export type ReleaseChoice = { ok: true; release: number | null } | { ok: false; message: Text };

export function checkReleaseChoice(value: string | null, openData: string): ReleaseChoice {
  if (value === null) return { ok: true, release: null };
  const known = listReleases(openData).map((r) => r.release);
  const range: Text = known.length
    ? { it: `i rilasci pubblicati sono: ${known.join(', ')}`, en: `the published releases are: ${known.join(', ')}` }
    : { it: 'nessun rilascio è ancora pubblicato', en: 'no release is published yet' };
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  if (!/^[1-9]\d*$/.test(value))
    return {
      ok: false,
      message: { it: `Parametro «release»: «${shown}» non è il numero di un rilascio (${range.it}).`, en: `Parameter 'release': '${shown}' is not a release number (${range.en}).` },
    };
  if (!known.includes(Number(value)))
    return { ok: false, message: { it: `Parametro «release»: il rilascio ${value} non esiste (${range.it}).`, en: `Parameter 'release': release ${value} does not exist (${range.en}).` } };
  return { ok: true, release: Number(value) };
}
