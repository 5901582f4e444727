// The context_stats feed file the statistical connectors write (ISTAT and
// Eurostat SDMX-CSV, Eurostat TSV): its columns, how a published observation
// becomes a value and its flags, and the writer that notes the rows of an
// Italian territory no list of today's leads to.
import { basename, join } from 'node:path';
import type { ConnectorContext, FeedFile } from './types.ts';
import { NoteCounter } from './issueList.ts';
import { canonicalNumber, FeedFileWriter, readRecords } from './csv.ts';
import type { TerritoryMatch } from './territories.ts';

export const CONTEXT_STATS_COLUMNS = [
  'source',
  'dataset',
  'indicator',
  'indicator_label',
  'unit',
  'source_territory',
  'territory_code',
  'territory_level',
  'sex',
  'age',
  'breakdown',
  'period',
  'value',
  'flag',
] as const;

export type StatRow = Record<(typeof CONTEXT_STATS_COLUMNS)[number], string | null>;

/** SDMX's code for a dimension that does not apply (no sex, no age breakdown). */
export const NOT_APPLICABLE = '_Z';

/** Splits an observation into value and flags: `:` and empty → null; `3.7 p` → 3,7 + p. */
export function observation(rawValue: string, flags: string[]): { value: string | null; flag: string | null } {
  let v = rawValue.trim();
  const f = [...new Set(flags.map((x) => x.trim()).filter(Boolean))];
  const m = /^(\S+)\s+([a-z:]+)$/i.exec(v); // TSV-style "3.7 p" inside the value
  if (m) {
    v = m[1];
    f.push(m[2]);
  }
  if (v === '' || v === ':' || /^:/.test(v)) {
    if (!f.some((x) => x.includes(':'))) f.unshift(':');
    return { value: null, flag: [...new Set(f)].join(' ') };
  }
  return { value: canonicalNumber(v, false), flag: f.length ? [...new Set(f)].join(' ') : null };
}

export function territory(match: TerritoryMatch): { territory_code: string | null; territory_level: string } {
  return { territory_code: match.code, territory_level: match.level };
}

/** An Italian area as ISTAT and Eurostat code it: IT… (nation, NUTS, ITTER107) or a 6-digit comune. */
const ITALIAN_AREA = /^(IT|\d{6}$)/i;
const UNMATCHED =
  "rows of an Italian territory that matches none of today's (Sardinia's provinces before 2026, a comune code no list leads to), kept with the published code in source_territory and no territory_code";

export interface StatReader {
  /** From the header (BOM and padding removed): the rows of each later record (row 1 = the header). */
  rowsOf(header: string[]): (record: string[], rowNo: number) => StatRow[];
  /** File tag: context_stats_<tag>_<file>.csv. */
  tag: string;
  /** Tab-separated, unquoted (Eurostat TSV). */
  tabs?: boolean;
}

/** Writes the context_stats feed file of a published statistical file; none when it has no observation. */
export async function writeStats(
  path: string,
  outDir: string,
  reader: StatReader,
  context: ConnectorContext | undefined,
): Promise<FeedFile[]> {
  const file = join(outDir, `context_stats_${reader.tag}_${basename(path).replace(/\.[^.]*$/, '')}.csv`);
  const writer = new FeedFileWriter(file, [...CONTEXT_STATS_COLUMNS]);
  const unmatched = new NoteCounter();
  let toRows: ((record: string[], rowNo: number) => StatRow[]) | undefined;
  let rowNo = 0;
  try {
    for await (const record of readRecords(path, context?.checksum, { tabs: reader.tabs })) {
      rowNo++;
      if (!toRows) {
        toRows = reader.rowsOf(record.map((h) => h.replace(/^\uFEFF/, '').trim()));
        continue;
      }
      if (record.every((v) => v.trim() === '')) continue;
      const rows = toRows(record, rowNo);
      // Counted once per row of the file, however many observations it holds.
      if (rows.some((row) => row.territory_code === null && ITALIAN_AREA.test(row.source_territory ?? '')))
        unmatched.add('territory_unmatched', UNMATCHED, rowNo);
      for (const row of rows) await writer.write(CONTEXT_STATS_COLUMNS.map((c) => row[c]));
    }
  } finally {
    await writer.close();
  }
  return writer.rows ? [{ feed: 'context_stats', file, notes: unmatched.all }] : [];
}
