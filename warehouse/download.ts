// A KPI download as the page shows it: headers in the page's language, each
// dimension as its code and its name (two columns), each measure with the
// digits the table shows in the unit its header names, the disclosure flag
// beside a measure that has one; a metadata sidecar (KPI, method, filters,
// period, as-of date, source, licence, suppression rule) and a file name that
// says what the file holds. Without a language the data API keeps its
// machine format (column names, raw values): see docs/downloads.md. Pure (no
// DuckDB, no node: module): the pages build their own tables' files with it.
import type { KpiColumn, KpiResult, Methodology, Text } from './kpi/types.ts';
import { DIMENSIONS } from './kpi/dimensions.ts';
import { csvConventions, csvNumber, tableNumber, toCsvText, type CsvLang } from './csv.ts';
import { LICENCE_NAME, LICENCE_URL } from './opendata/catalog.ts';

/** Names of dimension values: dimension → code → bilingual name. */
export type DimensionNames = Partial<Record<string, Map<string, Text>>>;

/** A cell of the table: text, or a number with the unit it is shown in. */
export type DownloadCell = string | { value: number; unit: string | null } | null;

export interface DownloadTable {
  header: string[];
  rows: DownloadCell[][];
}

const WORDS = {
  code: { it: 'codice', en: 'code' },
  flag: { it: 'segno convenzionale', en: 'flag' },
  days: { it: 'giorni', en: 'days' },
} as const;

const UNIT_SUFFIX: Record<string, Text> = {
  share: { it: '%', en: '%' },
  rate: { it: '%', en: '%' },
  euro: { it: '€', en: '€' },
  days: WORDS.days,
};

/** A measure's header: its label and the unit its cells are in ("Tasso di inserimento (%)"). */
export function measureHeader(label: Text, unit: string | null | undefined, lang: CsvLang): string {
  const suffix = unit ? UNIT_SUFFIX[unit] : undefined;
  return suffix ? `${label[lang]} (${suffix[lang]})` : label[lang];
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/** The name of a time value: "III trim. 2025" / "Q3 2025", "ottobre 2025" / "October 2025". */
export function timeName(dim: string, code: string, lang: CsvLang): string | null {
  const q = /^(\d{4})-Q([1-4])$/.exec(code);
  if (dim === 'quarter' && q) return lang === 'it' ? `${ROMAN[Number(q[2]) - 1]} trim. ${q[1]}` : `Q${q[2]} ${q[1]}`;
  const m = /^(\d{4})-(\d{2})$/.exec(code);
  if (dim === 'month' && m)
    return new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)),
    );
  return null;
}

/** The name of one dimension value in the page's language; the code itself when nothing names it. */
export function valueName(dim: string, code: string, lang: CsvLang, names: DimensionNames): string {
  return names[dim]?.get(code)?.[lang] ?? timeName(dim, code, lang) ?? code;
}

function dimensionLabel(dim: string): Text {
  return (DIMENSIONS as Record<string, { label: Text } | undefined>)[dim]?.label ?? { it: dim, en: dim };
}

/** The table a page shows for a KPI result, with both code and name of every dimension. */
export function downloadTable(result: KpiResult, lang: CsvLang, names: DimensionNames): DownloadTable {
  const flagged = new Set(result.rows.flatMap((r) => Object.keys(r).filter((k) => k.endsWith('_flag'))));
  type Col = { header: string; cell: (r: Record<string, unknown>) => DownloadCell };
  const cols: Col[] = result.columns.flatMap((c: KpiColumn): Col[] => {
    if (c.type === 'dimension') {
      const label = dimensionLabel(c.name)[lang];
      const code = (r: Record<string, unknown>) => (r[c.name] == null ? null : String(r[c.name]));
      return [
        { header: `${label} (${WORDS.code[lang]})`, cell: code },
        { header: label, cell: (r) => (code(r) === null ? null : valueName(c.name, code(r)!, lang, names)) },
      ];
    }
    const unit = c.unit ?? null;
    const measure: Col = {
      header: measureHeader(c.label, unit, lang),
      cell: (r) => {
        const v = r[c.name];
        const n = typeof v === 'bigint' ? Number(v) : v;
        return typeof n === 'number' && Number.isFinite(n) ? { value: n, unit } : n == null ? null : String(n);
      },
    };
    const flag = `${c.name}_flag`;
    return flagged.has(flag)
      ? [measure, { header: `${c.label[lang]} — ${WORDS.flag[lang]}`, cell: (r) => (r[flag] == null ? null : String(r[flag])) }]
      : [measure];
  });
  return { header: cols.map((c) => c.header), rows: result.rows.map((r) => cols.map((c) => c.cell(r))) };
}

/** The table as CSV text in the page's conventions (';' and decimal comma in Italian). */
export function tableToCsv(table: DownloadTable, lang: CsvLang): string {
  const cell = (c: DownloadCell) => (c !== null && typeof c === 'object' ? csvNumber(c.value, c.unit, lang) : c);
  return toCsvText([table.header, ...table.rows.map((r) => r.map(cell))], csvConventions(lang));
}

/** The table's cells for a spreadsheet: numbers stay numbers, with the digits the page shows. */
export function tableToValues(table: DownloadTable): (string | number | null)[][] {
  return table.rows.map((r) => r.map((c) => (c !== null && typeof c === 'object' ? tableNumber(c.value, c.unit) : c)));
}

const META = {
  field: { it: 'campo', en: 'field' },
  value: { it: 'valore', en: 'value' },
  kpi: { it: 'Indicatore', en: 'Indicator' },
  description: { it: 'Descrizione', en: 'Description' },
  numerator: { it: 'Numeratore', en: 'Numerator' },
  denominator: { it: 'Denominatore', en: 'Denominator' },
  population: { it: 'Popolazione', en: 'Population' },
  timeReference: { it: 'Riferimento temporale', en: 'Time reference' },
  caveats: { it: 'Avvertenze', en: 'Caveats' },
  dims: { it: 'Righe per', en: 'Rows by' },
  filters: { it: 'Filtri', en: 'Filters' },
  none: { it: 'nessuno', en: 'none' },
  period: { it: 'Periodo', en: 'Period' },
  allPeriod: { it: 'tutto il periodo disponibile', en: 'all available periods' },
  asOf: { it: 'Dati al', en: 'Data as of' },
  source: { it: 'Fonte', en: 'Source' },
  sourceValue: {
    it: 'Osservatorio del mercato del lavoro, elaborazione sui dati amministrativi caricati',
    en: 'Labour-market observatory, computed from the administrative data loaded',
  },
  licence: { it: 'Licenza', en: 'Licence' },
  suppression: { it: 'Riservatezza', en: 'Confidentiality' },
  suppressionValue: {
    it: 'Le celle che riguardano meno di {n} persone o offerte sono oscurate (valore vuoto, segno convenzionale "c"), con le celle necessarie a non poterle ricalcolare dai totali.',
    en: 'Cells about fewer than {n} people or vacancies are suppressed (empty value, flag "c"), with the cells needed so they cannot be recomputed from totals.',
  },
  file: { it: 'File dei dati', en: 'Data file' },
  rows: { it: 'Righe', en: 'Rows' },
  conventions: { it: 'Convenzioni', en: 'Conventions' },
  conventionsValue: {
    it: 'Separatore ";", virgola decimale, codifica UTF-8; quote e tassi in percentuale, importi in euro.',
    en: 'Separator ",", decimal point, UTF-8; shares and rates in per cent, amounts in euro.',
  },
  notes: { it: 'Note', en: 'Notes' },
  table: { it: 'Tabella', en: 'Table' },
  method: { it: 'Metodo', en: 'Method' },
  suppressionPolicy: {
    it: 'Le celle sotto la soglia di riservatezza dell’osservatorio sono oscurate (valore vuoto), con le celle necessarie a non poterle ricalcolare dai totali.',
    en: 'Cells below the observatory’s confidentiality threshold are suppressed (empty value), with the cells needed so they cannot be recomputed from totals.',
  },
} as const;

/** A date as the pages write it: 31/10/2025 (Italian), 31 Oct 2025 (English). */
export function dayText(iso: string, lang: CsvLang): string {
  const d = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', lang === 'it' ? { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' } : { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** What a download's metadata describes: a KPI result, or a page's table built from several KPIs. */
export interface DownloadDescription {
  /** What the table is, when it is not one KPI (e.g. the occupations table of /mismatch). */
  table?: Text;
  kpis: { code: string; name: Text; description?: Text; methodology?: Methodology }[];
  /** How the table is built from its KPIs, when it is a page's own table. */
  method?: Text;
  dims: string[];
  filters: Partial<Record<string, string[]>>;
  from?: string;
  to?: string;
  asOf: string | null;
  /** The disclosure threshold, when the writer knows it. */
  threshold: number | null;
  notes: Text[];
  rows: number;
  fileName: string;
}

/** The metadata rows (field, value) of a download, in the page's language. */
export function metadataRows(d: DownloadDescription, lang: CsvLang, names: DimensionNames): [string, string][] {
  const w = (k: keyof typeof META) => (META[k] as Text)[lang];
  const filters = Object.entries(d.filters)
    .filter(([, v]) => v?.length)
    .map(([dim, values]) => `${dimensionLabel(dim)[lang]}: ${values!.map((v) => `${valueName(dim, v, lang, names)} (${v})`).join(', ')}`);
  const period =
    d.from || d.to
      ? `${d.from ? valueName('month', d.from, lang, {}) : '…'} – ${d.to ? valueName('month', d.to, lang, {}) : '…'}`
      : w('allPeriod');
  const rows: [string, string][] = [];
  if (d.table) rows.push([w('table'), d.table[lang]]);
  if (d.method) rows.push([w('method'), d.method[lang]]);
  for (const k of d.kpis) {
    rows.push([w('kpi'), `${k.name[lang]} (${k.code})`]);
    if (k.description) rows.push([w('description'), k.description[lang]]);
    if (k.methodology) {
      const m = k.methodology;
      rows.push([w('numerator'), m.numerator[lang]], [w('denominator'), m.denominator[lang]], [w('population'), m.population[lang]]);
      rows.push([w('timeReference'), m.timeReference[lang]], [w('caveats'), m.caveats[lang]]);
    }
  }
  const sources = d.kpis.flatMap((k) => (k.methodology ? [k.methodology.source[lang]] : []));
  rows.push(
    [w('dims'), d.dims.map((x) => dimensionLabel(x)[lang]).join(', ') || '—'],
    [w('filters'), filters.join('; ') || w('none')],
    [w('period'), period],
    [w('asOf'), d.asOf ? dayText(d.asOf, lang) : '—'],
    [w('source'), [`${w('sourceValue')}.`, ...new Set(sources)].join(' ')],
    [w('licence'), `${LICENCE_NAME} ${LICENCE_URL}`],
    [w('suppression'), d.threshold ? w('suppressionValue').replace('{n}', String(d.threshold)) : w('suppressionPolicy')],
    [w('conventions'), w('conventionsValue')],
    [w('file'), d.fileName],
    [w('rows'), String(d.rows)],
  );
  for (const n of d.notes) rows.push([w('notes'), n[lang]]);
  return rows;
}

/** The metadata rows of a KPI download. */
export function downloadMetadata(result: KpiResult, ctx: { lang: CsvLang; names: DimensionNames; fileName: string; threshold: number }): [string, string][] {
  const def = result.definition;
  return metadataRows(
    {
      kpis: [{ code: result.code, name: def.name, description: def.description, methodology: def.methodology }],
      dims: result.request.dims,
      filters: result.request.filters,
      from: result.request.from,
      to: result.request.to,
      asOf: result.asOf,
      threshold: ctx.threshold,
      notes: result.notes,
      rows: result.rows.length,
      fileName: ctx.fileName,
    },
    ctx.lang,
    ctx.names,
  );
}

/** The metadata as a two-column CSV (field, value) in the page's conventions. */
export function metadataToCsv(rows: [string, string][], lang: CsvLang): string {
  return toCsvText([[META.field[lang], META.value[lang]], ...rows], csvConventions(lang));
}

/** Lower-case ASCII words joined by '-', for a file name ("Valle d'Aosta" → "valle-d-aosta"). */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

/**
 * A file name that says what the file holds, e.g.
 * `osservatorio_PL_RATE_6_per-provincia_bari_2025-01_2025-06.csv`: the KPI,
 * the cut, the filtered values by name, the period (or the as-of date).
 * Made of codes and public names only, never a person.
 */
export function downloadFileName(result: KpiResult, lang: CsvLang, names: DimensionNames, ext: string): string {
  return fileNameOf({ name: result.code, dims: result.request.dims, filters: result.request.filters, from: result.request.from, to: result.request.to, asOf: result.asOf }, lang, names, ext);
}

/** The file name of any table: `osservatorio_<name>_<cut>_<filtered values>_<period or as-of date>.<ext>`. */
export function fileNameOf(
  d: { name: string; dims: string[]; filters: Partial<Record<string, string[]>>; from?: string; to?: string; asOf: string | null },
  lang: CsvLang,
  names: DimensionNames,
  ext: string,
): string {
  const parts = ['osservatorio', d.name];
  const by = { it: 'per', en: 'by' }[lang];
  if (d.dims.length) parts.push(slug(`${by} ${d.dims.map((x) => dimensionLabel(x)[lang]).join(' ')}`));
  for (const [dim, values] of Object.entries(d.filters)) {
    if (!values?.length) continue;
    parts.push(values.length > 3 ? slug(`${dimensionLabel(dim)[lang]} ${values.length}`) : values.map((v) => slug(valueName(dim, v, lang, names)) || slug(v)).join('+'));
  }
  if (d.from || d.to) parts.push(`${d.from ?? ''}_${d.to ?? ''}`.replace(/^_|_$/g, ''));
  else if (d.asOf) parts.push(`${{ it: 'al', en: 'as-of' }[lang]}-${d.asOf.slice(0, 10)}`);
  return `${parts.filter(Boolean).join('_')}.${ext}`;
}
