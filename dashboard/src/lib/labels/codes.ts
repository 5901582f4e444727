// A code as a reader sees it: its name from the reference tables (handed to
// the page with its data, never read here), with the code in front where
// people use it with the name (occupation groups, ATECO sections, FSE+
// indicators: "2 – Professioni intellettuali…"), the name alone where the
// code means nothing to a reader (territories, genders, contract types).
// Periods (month, quarter, year) are written out; computed values (statuses,
// classes) by their names.
import type { Lang, Text } from './lang.ts';
import { formatPeriod } from './format.ts';
import { hasValueText, valueText } from './values.ts';

/** dimension → code → name in both languages: what the page data hands the page for the codes it shows. */
export type CodeNames = Record<string, Record<string, Text>>;

/** Dimensions whose codes people quote with the name (classification codes). */
const CODE_WITH_NAME = new Set(['occupation_group', 'isco_major', 'occupation', 'sector_section', 'indicator']);
/** Dimensions whose values are periods. */
const PERIODS = new Set(['month', 'quarter', 'year', 'period', 'snapshot_as_of', 'as_of', 'due_date']);

/** The name of `code` of dimension `dim`, or null when the page was given none. */
export function nameOf(names: CodeNames | undefined, dim: string, code: string, lang: Lang): string | null {
  const n = names?.[dim]?.[code];
  return n ? n[lang] || n.it : null;
}

/** A dimension value as shown in a table, a picker or a chart ("Bari", "2 – Professioni…", "III trim. 2025"). */
export function codeLabel(lang: Lang, dim: string, code: unknown, names?: CodeNames): string {
  if (code === null || code === undefined || code === '') return '—';
  const c = String(code);
  if (PERIODS.has(dim)) return formatPeriod(lang, c);
  const name = nameOf(names, dim, c, lang);
  if (!name || name === c) return hasValueText(c) ? valueText(lang, c) : c;
  return CODE_WITH_NAME.has(dim) ? `${c} – ${sentenceCase(name)}` : sentenceCase(name);
}

/**
 * Reference tables write some names in capitals (CP2021 major groups, ATECO
 * sections: "PROFESSIONI INTELLETTUALI…"); shown as a sentence, they read as
 * the rest of the page. Mixed-case names are left as they are.
 */
export function sentenceCase(name: string): string {
  if (name !== name.toUpperCase() || !/\p{Lu}{4}/u.test(name) || !/\s/.test(name)) return name;
  const lower = name.toLocaleLowerCase('it-IT');
  return lower.charAt(0).toLocaleUpperCase('it-IT') + lower.slice(1);
}
