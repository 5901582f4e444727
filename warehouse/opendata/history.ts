// What the releases published so far told the public, per family of tables:
// every cell they hid and every value they published (by the disclosure
// step's cell key). The next release is protected against it
// (warehouse/disclosure EarlierReleases): a hidden cell stays hidden, and a
// value readable from an earlier release never serves as a partner.
import { cellKey, type EarlierReleases, type OutputRow } from '../disclosure/index.ts';
import { PUBLIC_TABLES } from './tables.ts';

/** Dimension columns of a published table: every column with a `<dim>_level` twin. */
export function dimensionsOf(columns: readonly string[]): string[] {
  return columns.filter((c) => columns.includes(`${c}_level`));
}

/** The cell key of a published row's measure, as the disclosure step keys it. */
export function rowCellKey(measure: string, row: OutputRow, dims: readonly string[]): string {
  return cellKey(measure, Object.fromEntries(dims.map((d) => [d, String(row[d])])));
}

export type ReleasedTables = Map<string, { columns: string[]; rows: OutputRow[] }>;

/** Folds the tables of every earlier release into what each family already showed. */
export function earlierReleasesOf(releases: ReleasedTables[]): (family: string) => EarlierReleases {
  const byFamily = new Map<string, { hidden: Set<string>; published: Map<string, number[]> }>();
  for (const tables of releases)
    for (const def of PUBLIC_TABLES) {
      const table = tables.get(def.id);
      if (!table) continue;
      const acc = byFamily.get(def.family) ?? byFamily.set(def.family, { hidden: new Set(), published: new Map() }).get(def.family)!;
      const dims = dimensionsOf(table.columns);
      for (const row of table.rows)
        for (const m of def.measures) {
          const key = rowCellKey(m.name, row, dims);
          const v = row[m.name];
          if (v === null || v === undefined) acc.hidden.add(key);
          else (acc.published.get(key) ?? acc.published.set(key, []).get(key)!).push(Number(v));
        }
    }
  return (family) => byFamily.get(family) ?? { hidden: new Set(), published: new Map() };
}
