// Revision notes: what changed between two releases of the public tables, by
// diffing their published rows, and why (the files loaded in between, the
// data's as-of date, periods that became final). Pure: it compares tables
// already read; the words are in revisionText.ts.
import type { OutputRow } from '../disclosure/index.ts';
import { dimensionsOf, rowCellKey, type ReleasedTables } from './history.ts';
import { PUBLIC_TABLES } from './tables.ts';

export interface CellRef {
  period: string;
  /** Labels of the other dimensions, in column order (territory, category). */
  labels: string[];
  measure: string;
  from: number | null;
  to: number | null;
}

export interface TableRevision {
  id: string;
  /** Published in both releases with a different value. */
  changed: CellRef[];
  /** Cells that did not exist in the previous release (new periods, territories, categories). */
  added: number;
  /** Published before, hidden now (flag c). */
  newlySuppressed: CellRef[];
  /** Hidden before, published now (never, while the suppression carried over holds). */
  newlyPublished: CellRef[];
}

export interface LoadSummary {
  feed: string;
  files: number;
  rows: number;
}

export interface RevisionNotes {
  /** The release these notes compare with (null: the first release). */
  previous: number | null;
  asOfBefore: string | null;
  asOf: string;
  tables: TableRevision[];
  /** Periods provisional in the previous release and final in this one. */
  finalised: string[];
  /** Files loaded since the previous release, by feed: the cause of the revisions. */
  loads: LoadSummary[];
}

const MAX_LISTED = 50;

function cellsOf(table: { columns: string[]; rows: OutputRow[] }, measures: string[]): Map<string, { row: OutputRow; measure: string; value: number | null }> {
  const dims = dimensionsOf(table.columns);
  const out = new Map<string, { row: OutputRow; measure: string; value: number | null }>();
  for (const row of table.rows)
    for (const m of measures) {
      const v = row[m];
      out.set(rowCellKey(m, row, dims), { row, measure: m, value: v === null || v === undefined ? null : Number(v) });
    }
  return out;
}

function ref(row: OutputRow, columns: string[], measure: string, from: number | null, to: number | null): CellRef {
  const dims = dimensionsOf(columns).filter((d) => d !== 'period');
  return { period: String(row.period), labels: dims.map((d) => String(row[`${d}_label`] ?? row[d])), measure, from, to };
}

export function revisionNotes(input: {
  previous: { release: number; asOf: string; tables: ReleasedTables; provisional: string[] } | null;
  asOf: string;
  tables: ReleasedTables;
  provisional: string[];
  loads: LoadSummary[];
}): RevisionNotes {
  const tables: TableRevision[] = [];
  for (const def of PUBLIC_TABLES) {
    const now = input.tables.get(def.id);
    if (!now) continue;
    const measures = def.measures.map((m) => m.name);
    const before = input.previous?.tables.get(def.id);
    const rev: TableRevision = { id: def.id, changed: [], added: 0, newlySuppressed: [], newlyPublished: [] };
    const old = before ? cellsOf(before, measures) : new Map();
    for (const [key, cell] of cellsOf(now, measures)) {
      const prev = old.get(key);
      if (!prev) {
        rev.added++;
        continue;
      }
      const r = ref(cell.row, now.columns, cell.measure, prev.value, cell.value);
      if (prev.value !== null && cell.value === null) rev.newlySuppressed.push(r);
      else if (prev.value === null && cell.value !== null) rev.newlyPublished.push(r);
      else if (prev.value !== cell.value) rev.changed.push(r);
    }
    tables.push(rev);
  }
  const wasProvisional = new Set(input.previous?.provisional ?? []);
  const stillProvisional = new Set(input.provisional);
  const periodsNow = new Set([...input.tables.values()].flatMap((t) => t.rows.map((r) => String(r.period))));
  return {
    previous: input.previous?.release ?? null,
    asOfBefore: input.previous?.asOf ?? null,
    asOf: input.asOf,
    tables,
    finalised: [...wasProvisional].filter((p) => !stillProvisional.has(p) && periodsNow.has(p)).sort(),
    loads: input.loads,
  };
}

/** Keeps the notes readable: at most MAX_LISTED cells listed per kind and table (the counts stay exact). */
export function listedCells(cells: CellRef[]): { shown: CellRef[]; more: number } {
  return { shown: cells.slice(0, MAX_LISTED), more: Math.max(0, cells.length - MAX_LISTED) };
}
