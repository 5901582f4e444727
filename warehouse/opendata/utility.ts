// How useful a protected public table is: of the cells that hold people
// (true count > 0), how many are published, and how much of the count mass
// suppression hides. Disclosure control trades exactly this against safety,
// so the table design is judged by it (tests/opendata/utility.test.ts, the
// figures in docs/open-data.md). Pure: it compares the true counts of a
// table with the rows published for it.
import { cellKey, type CountTable, type OutputRow } from '../disclosure/index.ts';

export interface TableUtility {
  id: string;
  /** Cells of the published table (rows × measures), zeros included. */
  cells: number;
  /** Cells whose true count is above zero (at every level: leaves and totals). */
  nonZeroCells: number;
  /** Of those, the ones published with a value (not flagged "c"). */
  publishedNonZeroCells: number;
  /** publishedNonZeroCells / nonZeroCells (1 when the table holds nobody). */
  publishedShare: number;
  /** Finest-level cells (no code is an aggregate) that are above zero, and how many are published. */
  leafNonZeroCells: number;
  publishedLeafNonZeroCells: number;
  /** Information loss: the share of the finest-level count mass that sits in suppressed cells. */
  suppressedMassShare: number;
}

/** True value of every cell (leaves and aggregates) of a table, keyed like the disclosure step keys them. */
function trueCounts(table: CountTable): Map<string, number> {
  const out = new Map<string, number>();
  for (const leaf of table.leaves) {
    let combos: Record<string, string>[] = [{}];
    for (const d of table.dims) {
      const chain: string[] = [];
      for (let c: string | null | undefined = leaf.codes[d.name]; c != null; c = d.parent.get(c)) chain.push(c);
      combos = combos.flatMap((x) => chain.map((c) => ({ ...x, [d.name]: c })));
    }
    for (const codes of combos)
      for (const m of table.measures) {
        const n = leaf.counts[m] ?? 0;
        if (!n) continue;
        const k = cellKey(m, codes);
        out.set(k, (out.get(k) ?? 0) + n);
      }
  }
  return out;
}

/** Measures one table: `published` are the rows written for it (protected, as in the files). */
export function measureUtility(table: CountTable, published: { rows: OutputRow[] }): TableUtility {
  const truth = trueCounts(table);
  const aggregates = table.dims.map((d) => new Set([...d.parent.values()].filter((p): p is string => p != null)));
  let cells = 0;
  let nonZero = 0;
  let publishedNonZero = 0;
  let leafNonZero = 0;
  let publishedLeaf = 0;
  let leafMass = 0;
  let hiddenLeafMass = 0;
  for (const row of published.rows) {
    const codes = Object.fromEntries(table.dims.map((d) => [d.name, String(row[d.name])]));
    const isLeaf = table.dims.every((d, i) => !aggregates[i].has(codes[d.name]));
    for (const m of table.measures) {
      cells++;
      const n = truth.get(cellKey(m, codes)) ?? 0;
      if (n <= 0) continue;
      const shown = row[m] !== null && row[m] !== undefined;
      nonZero++;
      if (shown) publishedNonZero++;
      if (isLeaf) {
        leafNonZero++;
        leafMass += n;
        if (shown) publishedLeaf++;
        else hiddenLeafMass += n;
      }
    }
  }
  return {
    id: table.id,
    cells,
    nonZeroCells: nonZero,
    publishedNonZeroCells: publishedNonZero,
    publishedShare: nonZero ? publishedNonZero / nonZero : 1,
    leafNonZeroCells: leafNonZero,
    publishedLeafNonZeroCells: publishedLeaf,
    suppressedMassShare: leafMass ? hiddenLeafMass / leafMass : 0,
  };
}
