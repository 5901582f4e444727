// The data dictionary of the public tables: one row per column, in Italian and English.
import type { ProtectedTable } from '../disclosure/index.ts';
import { PUBLIC_TABLES } from './tables.ts';
import { columnType } from './formats.ts';
import { describeColumn } from './columns.ts';

export interface DictionaryRow {
  dataset: string;
  column: string;
  type: string;
  description_it: string;
  description_en: string;
}

export function dictionaryRows(tables: ProtectedTable[]): DictionaryRow[] {
  const out: DictionaryRow[] = [];
  for (const table of tables) {
    const def = PUBLIC_TABLES.find((t) => t.id === table.id)!;
    const measures = [...def.measures, ...(def.rates ?? [])];
    for (const column of table.columns) {
      const { it, en } = describeColumn(column, measures);
      out.push({ dataset: table.id, column, type: columnType(table, column), description_it: it, description_en: en });
    }
  }
  return out;
}

export function dictionaryCsv(rows: DictionaryRow[]): string {
  const q = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  return ['dataset,column,type,description_it,description_en', ...rows.map((r) => [r.dataset, r.column, r.type, r.description_it, r.description_en].map(q).join(','))].join('\r\n') + '\r\n';
}
