// The data dictionary of the public tables: one row per column, in Italian and English.
import type { ProtectedTable } from '../disclosure/index.ts';
import { PUBLIC_TABLES } from './tables.ts';
import { columnType } from './formats.ts';

export interface DictionaryRow {
  dataset: string;
  column: string;
  type: string;
  description_it: string;
  description_en: string;
}

const FIXED: Record<string, [string, string]> = {
  period: ['Periodo: trimestre (AAAA-Qn) o anno (AAAA)', 'Period: quarter (YYYY-Qn) or year (YYYY)'],
  period_level: ['Livello del periodo: quarter o year', 'Period level: quarter or year'],
  territory: [
    'Codice ISTAT della regione (2 cifre) o della provincia/UTS (3 cifre); unknown = non indicato; _T = Italia',
    'ISTAT code of the region (2 digits) or province/UTS (3 digits); unknown = not stated; _T = Italy',
  ],
  territory_level: ['Livello territoriale: total, region, province o unknown', 'Territorial level: total, region, province or unknown'],
};

export function dictionaryRows(tables: ProtectedTable[]): DictionaryRow[] {
  const out: DictionaryRow[] = [];
  for (const table of tables) {
    const def = PUBLIC_TABLES.find((t) => t.id === table.id)!;
    for (const column of table.columns) {
      let it = '';
      let en = '';
      const base = column.replace(/_(label|level|flag)$/, '');
      const suffix = column.slice(base.length);
      const cat = def.categories.find((c) => c.name === base);
      const measure = def.measures.find((m) => m.name === base) ?? def.rates?.find((r) => r.name === base);
      if (FIXED[column]) [it, en] = FIXED[column];
      else if (suffix === '_label') [it, en] = [`Etichetta (italiano) di ${base}`, `Label (Italian) of ${base}`];
      else if (suffix === '_level') [it, en] = [`Livello di ${base}: categoria o total`, `Level of ${base}: category or total`];
      else if (suffix === '_flag') [it, en] = [`Flag di ${base}: "c" = soppresso per riservatezza (valore vuoto)`, `Flag of ${base}: "c" = suppressed for confidentiality (empty value)`];
      else if (cat) [it, en] = [`${cat.description.it}; _T = totale`, `${cat.description.en}; _T = total`];
      else if (measure) [it, en] = [measure.description.it, measure.description.en];
      out.push({ dataset: table.id, column, type: columnType(table, column), description_it: it, description_en: en });
    }
  }
  return out;
}

export function dictionaryCsv(rows: DictionaryRow[]): string {
  const q = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  return ['dataset,column,type,description_it,description_en', ...rows.map((r) => [r.dataset, r.column, r.type, r.description_it, r.description_en].map(q).join(','))].join('\r\n') + '\r\n';
}
