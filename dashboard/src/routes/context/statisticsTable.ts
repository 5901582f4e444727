// The ISTAT and Eurostat context statistics table of the "Mercato del lavoro"
// page: one row per published series of the region and its provinces, at its
// latest period beside the same period a year earlier. Codes are written with
// their names (the catalogue's, or the label the file carried); a code
// neither names is printed as the source's code, and said to be one. The
// page renders these columns and the download is written from the same ones.
import type { ContextStatistic, Named } from '../../../../warehouse/official/contextStatistics.ts';
import { contextFlagText, formatDate, formatPeriod, formatValue, numberFormat, type Lang, type Text } from '$lib/labels';
import { AS_PUBLISHED, publishedDecimals } from '../../../../warehouse/readableNumber.ts';
import { words as officialWords, sourceName, text, type TableColumn } from './tables';

const W = {
  territory: { it: 'Territorio', en: 'Territory' },
  statistic: { it: 'Statistica', en: 'Statistic' },
  population: { it: 'Popolazione di riferimento', en: 'Population' },
  unit: { it: 'Unità di misura', en: 'Unit of measure' },
  period: { it: 'Periodo', en: 'Period' },
  value: { it: 'Valore', en: 'Value' },
  earlierPeriod: { it: 'Stesso periodo un anno prima', en: 'Same period a year earlier' },
  earlierValue: { it: 'Valore un anno prima', en: 'Value a year earlier' },
  difference: { it: 'Differenza', en: 'Difference' },
  loadedOn: { it: 'Caricato il', en: 'Loaded on' },
  sourceCode: { it: 'codice della fonte', en: 'source code' },
  dataset: { it: 'dataset', en: 'dataset' },
  allAges: { it: 'tutte le età', en: 'all ages' },
  years: { it: 'anni', en: 'years' },
  under: { it: 'meno di', en: 'under' },
  orMore: { it: 'e più', en: 'or over' },
  unknownAge: { it: 'età non indicata', en: 'age not stated' },
} as const;
const w = (lang: Lang, k: keyof typeof W): string => W[k][lang];

const SEXES: Record<string, Text> = {
  T: { it: 'maschi e femmine', en: 'both sexes' },
  M: { it: 'maschi', en: 'males' },
  F: { it: 'femmine', en: 'females' },
};

/** What a column shows when there is nothing to show. */
const DASH = '—';

/** A code by its name in `lang`, else its other name, else the code said to be the source's. */
export function namedText(lang: Lang, n: Named): string {
  return n[lang] ?? n[lang === 'it' ? 'en' : 'it'] ?? `${n.code} (${w(lang, 'sourceCode')})`;
}

/** An SDMX age code in words: TOTAL, Y15-64, Y_LT15, Y_GE65, Y15; anything else as the source's code. */
export function ageText(lang: Lang, age: string): string | null {
  if (age === '_Z') return null;
  if (age === 'TOTAL') return w(lang, 'allAges');
  if (age === 'UNK') return w(lang, 'unknownAge');
  let m = /^Y(\d+)-(\d+)$/.exec(age);
  if (m) return `${m[1]}–${m[2]} ${w(lang, 'years')}`;
  if ((m = /^Y_LT(\d+)$/.exec(age))) return `${w(lang, 'under')} ${m[1]} ${w(lang, 'years')}`;
  if ((m = /^Y_GE(\d+)$/.exec(age))) return `${m[1]} ${w(lang, 'years')} ${w(lang, 'orMore')}`;
  if ((m = /^Y(\d+)$/.exec(age))) return `${m[1]} ${w(lang, 'years')}`;
  return `${age} (${w(lang, 'sourceCode')})`;
}

/** Sex, age and the source's other dimensions of a series, in words; a dash when it has none. */
export function populationText(lang: Lang, s: ContextStatistic): string {
  const parts = [
    s.sex === '_Z' ? null : SEXES[s.sex]?.[lang] ?? `${s.sex} (${w(lang, 'sourceCode')})`,
    ageText(lang, s.age),
    ...s.breakdown.map((b) => namedText(lang, b)),
  ].filter((p): p is string => p !== null);
  return parts.length ? parts.join('; ') : DASH;
}

/** The flags of a figure in words ("2019: interruzione di serie"); empty when it has none. */
function flagWords(lang: Lang, f: { period: string; flag: string | null }): string | null {
  if (!f.flag) return null;
  return `${formatPeriod(lang, f.period)}: ${f.flag.split(/\s+/).map((x) => contextFlagText(lang, x)).join(', ')}`;
}

export function statisticText(lang: Lang, s: ContextStatistic): string {
  const dataset = namedText(lang, s.dataset);
  return s.indicator.code === s.dataset.code ? dataset : `${namedText(lang, s.indicator)} (${dataset})`;
}

function sourceText(lang: Lang, s: ContextStatistic): string {
  // Eurostat's data browser and bulk files name datasets in lower case.
  const code = s.source === 'eurostat' ? s.dataset.code.toLowerCase() : s.dataset.code;
  return `${sourceName(lang, s.source)}, ${w(lang, 'dataset')} ${code}`;
}

/** latest − earlier, to the decimals the two figures are published with (15252,69 − 13293,43 = 1959,26, not 1959,2600000000002). */
export function difference(s: ContextStatistic): number | null {
  const a = s.latest.value;
  const b = s.yearEarlier.value;
  if (a === null || b === null) return null;
  return Number((a - b).toFixed(Math.max(publishedDecimals(a), publishedDecimals(b))));
}

function number(lang: Lang, header: string, value: (s: ContextStatistic) => number | null, signed = false): TableColumn<ContextStatistic> {
  return {
    header,
    numeric: true,
    text: (s) => {
      const v = value(s);
      // A published figure with its own decimals (formatValue), a difference with its sign.
      return v === null || !signed
        ? formatValue(lang, v, AS_PUBLISHED)
        : numberFormat(lang, { maximumFractionDigits: publishedDecimals(v), signDisplay: 'exceptZero' }).format(v);
    },
    // The file keeps the figure as published; its unit of measure is in its own column.
    file: { header, unit: AS_PUBLISHED, cell: (s) => value(s) },
  };
}

export function statisticsTable(lang: Lang, rows: ContextStatistic[]): { columns: TableColumn<ContextStatistic>[]; rows: ContextStatistic[] } {
  const ow = officialWords(lang);
  const columns: TableColumn<ContextStatistic>[] = [
    text(w(lang, 'territory'), (s) => `${s.territoryName} (${s.sourceTerritory})`),
    text(w(lang, 'statistic'), (s) => statisticText(lang, s)),
    text(w(lang, 'population'), (s) => populationText(lang, s)),
    text(w(lang, 'unit'), (s) => namedText(lang, s.unit)),
    text(w(lang, 'period'), (s) => formatPeriod(lang, s.latest.period)),
    number(lang, w(lang, 'value'), (s) => s.latest.value),
    text(w(lang, 'earlierPeriod'), (s) => formatPeriod(lang, s.yearEarlier.period)),
    number(lang, w(lang, 'earlierValue'), (s) => s.yearEarlier.value),
    number(lang, w(lang, 'difference'), difference, true),
    text(ow('flags'), (s) => [flagWords(lang, s.latest), flagWords(lang, s.yearEarlier)].filter(Boolean).join('; ') || DASH),
    text(ow('source'), (s) => sourceText(lang, s)),
    text(w(lang, 'loadedOn'), (s) => formatDate(lang, s.loadedAt)),
  ];
  return { columns, rows };
}
