// The table of a KPI block and its download, from one list of columns: what
// the page shows is what the file holds (same rows in the same order, same
// columns, same headers, same names and codes), the file in the page's
// spreadsheet conventions (';' and decimal comma in Italian).
//
// A dimension with codes people quote (territories, occupations, sectors,
// programmes) is two columns, its code and its name, so "Bari" can be joined
// on 072. A period or a computed value (a status, a class) is one column, its
// name: its code would be an ISO date or an enum, which a reader does not use.
import type { KpiView, ViewColumn } from '../types.ts';
import { formatValue, hasValueText, type Lang } from '../labels/index.ts';
import { fileNameOf, measureHeader, type DimensionNames } from '../../../../warehouse/download.ts';
import { parseKpiQuery } from '../../../../warehouse/kpi/queryString.ts';
import { dataUrl, pageTableCsv, type FileColumn, type PageTableFile } from './pageTable.ts';

type Row = Record<string, unknown>;

/** One column of the block's table and file. */
export interface KpiTableColumn {
  /** The view column it shows (data-col of its cells). */
  key: string;
  header: string;
  kind: 'code' | 'name' | 'measure' | 'flag';
  unit: string | null;
  /** The cell as the file holds it: a code, a name, or the measure's number. */
  value: (row: Row) => string | number | null;
  /** The cell as the table shows it. */
  text: (row: Row) => string;
}

const WORDS = {
  code: { it: 'codice', en: 'code' },
  flag: { it: 'segno convenzionale', en: 'flag' },
} as const;

/** Dimensions whose values are periods: named ("III trim. 2025"), never shown as their code. */
const PERIOD_DIMS = new Set(['month', 'quarter', 'year', 'period', 'snapshot_as_of', 'as_of', 'due_date']);

const present = (v: unknown): boolean => v !== null && v !== undefined && v !== '';

/** True when the dimension's values are codes worth a column of their own (not periods, not computed values). */
function hasCodeColumn(dim: string, rows: Row[]): boolean {
  if (PERIOD_DIMS.has(dim)) return false;
  const values = rows.map((r) => r[dim]).filter(present).map(String);
  return !(values.length && values.every((v) => hasValueText(v)));
}

/**
 * The columns of a KPI block's table and file. `name` is how the page names a
 * dimension value (the page's labels, else the reference names it was sent).
 */
export function kpiTableColumns(view: Pick<KpiView, 'columns' | 'rows'>, lang: Lang, name: (dim: string, code: string) => string): KpiTableColumn[] {
  const measures = new Set(view.columns.filter((c) => c.type === 'measure').map((c) => c.name));
  const flagged = new Set(view.rows.flatMap((r) => Object.keys(r).filter((k) => k.endsWith('_flag') && measures.has(k.slice(0, -5)) && present(r[k]))));
  return view.columns.flatMap((c: ViewColumn): KpiTableColumn[] => {
    // A measure's disclosure flag is shown beside the measure, not as a dimension of its own.
    if (c.name.endsWith('_flag') && measures.has(c.name.slice(0, -5))) return [];
    if (c.type === 'dimension') {
      const code = (r: Row) => (present(r[c.name]) ? String(r[c.name]) : null);
      const named: KpiTableColumn = {
        key: c.name,
        header: c.label[lang],
        kind: 'name',
        unit: null,
        value: (r) => (code(r) === null ? null : name(c.name, code(r)!)),
        text: (r) => (code(r) === null ? '—' : name(c.name, code(r)!)),
      };
      if (!hasCodeColumn(c.name, view.rows)) return [named];
      return [{ key: c.name, header: `${c.label[lang]} (${WORDS.code[lang]})`, kind: 'code', unit: null, value: code, text: (r) => code(r) ?? '—' }, named];
    }
    const unit = c.unit ?? null;
    const measure: KpiTableColumn = {
      key: c.name,
      header: measureHeader(c.label, unit, lang),
      kind: 'measure',
      unit,
      // A number stays a number (with the unit's digits in the file); anything else (a date) as the page writes it.
      value: (r) => {
        const v = r[c.name];
        const n = typeof v === 'bigint' ? Number(v) : v;
        return typeof n === 'number' && Number.isFinite(n) ? n : present(n) ? formatValue(lang, n, unit) : null;
      },
      // The header names the unit; cells keep the page's format (40,1 %, 1.234,50 €).
      text: (r) => formatValue(lang, r[c.name], unit),
    };
    const flag = `${c.name}_flag`;
    if (!flagged.has(flag)) return [measure];
    const flagCell = (r: Row) => (present(r[flag]) ? String(r[flag]) : null);
    return [measure, { key: flag, header: `${c.label[lang]} — ${WORDS.flag[lang]}`, kind: 'flag', unit: null, value: flagCell, text: (r) => flagCell(r) ?? '' }];
  });
}

/** The table as the file's columns (the cells' values, numbers with the unit's digits). */
export function kpiFileColumns(columns: KpiTableColumn[]): FileColumn<Row>[] {
  return columns.map((c) => ({ header: c.header, unit: c.unit, cell: (r) => c.value(r) }));
}

/** The block's table as CSV text in the page's conventions, rows in the order shown. */
export function kpiTableCsv(columns: KpiTableColumn[], rows: Row[], lang: Lang): string {
  return pageTableCsv(kpiFileColumns(columns), rows, lang);
}

/**
 * The block's CSV as a download link: a data URL of the rows the page shows,
 * in the order shown, named like the data API's files
 * (osservatorio_<KPI>_<cut>_<filters>_<period or as-of date>.csv).
 */
export function kpiTableFile(
  view: Pick<KpiView, 'code' | 'dims' | 'asOf' | 'names'>,
  columns: KpiTableColumn[],
  rows: Row[],
  lang: Lang,
  query: string,
): PageTableFile {
  const request = parseKpiQuery(Object.fromEntries(new URLSearchParams(query)));
  const names: DimensionNames = {};
  for (const [dim, byCode] of Object.entries(view.names ?? {})) names[dim] = new Map(Object.entries(byCode));
  const file = fileNameOf({ name: view.code, dims: request.dims ?? view.dims, filters: request.filters ?? {}, from: request.from, to: request.to, asOf: view.asOf }, lang, names, 'csv');
  return { href: dataUrl(kpiTableCsv(columns, rows, lang)), file };
}
