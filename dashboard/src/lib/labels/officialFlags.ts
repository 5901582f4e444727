// The flags an official figure may carry (core.official_series.flags), in
// words: the "Mercato del lavoro" page writes them beside each figure, and the
// open-data page explains the codes its CSV files carry. Beside them, the
// flags of ISTAT and Eurostat context statistics (core.context_stats.flag),
// as Eurostat defines them.
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

/**
 * Eurostat's flags ("Statistical symbols, abbreviations and units"), which
 * ISTAT's SDMX files share. Here `b` is Eurostat's break in series, not the
 * observatory's "borders differ" of the official series.
 */
export const CONTEXT_FLAGS: Readonly<Record<string, Text>> = {
  ':': { it: 'non disponibile', en: 'not available' },
  b: { it: 'interruzione di serie', en: 'break in time series' },
  c: { it: 'riservato', en: 'confidential' },
  d: { it: 'definizione diversa', en: 'definition differs' },
  e: { it: 'stimato', en: 'estimated' },
  f: { it: 'previsione', en: 'forecast' },
  n: { it: 'non significativo', en: 'not significant' },
  p: { it: 'provvisorio', en: 'provisional' },
  r: { it: 'rivisto', en: 'revised' },
  s: { it: 'stima Eurostat', en: 'Eurostat estimate' },
  u: { it: 'bassa affidabilità', en: 'low reliability' },
  z: { it: 'non applicabile', en: 'not applicable' },
};

/** A context statistic's flag in words; a code Eurostat does not define is shown as it is. */
export function contextFlagText(lang: Lang, flag: string): string {
  return CONTEXT_FLAGS[flag]?.[lang] ?? flag;
}
