// The flags an official figure may carry (core.official_series.flags), in
// words: the "Mercato del lavoro" page writes them beside each figure, and the
// open-data page explains the codes its CSV files carry.
import type { Lang, Text } from './lang.ts';

export const OFFICIAL_FLAGS: Readonly<Record<string, Text>> = {
  p: { it: 'provvisorio', en: 'provisional' },
  e: { it: 'stimato', en: 'estimated' },
  c: { it: 'riservato', en: 'confidential' },
  na: { it: 'non disponibile', en: 'not available' },
  // Eurostat's "break in series": the territory's borders in the period are not today's.
  b: { it: 'confini diversi da oggi', en: 'borders differ from today’s' },
};

/** A flag in words; a code the loader does not write is shown as it is, never hidden. */
export function officialFlagText(lang: Lang, flag: string): string {
  return OFFICIAL_FLAGS[flag]?.[lang] ?? flag;
}
