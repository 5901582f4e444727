// Which suppressed cells could an attacker recompute exactly? The published
// tables give linear equations (a total equals the sum of its parts). Moving
// published values to the right-hand side leaves a system over the suppressed
// cells; a cell is recoverable iff its unit vector lies in the row space, i.e.
// in the reduced row-echelon form its pivot row has no free variable.
// Sparse Gauss–Jordan elimination: coefficients start at ±1 and stay small.

export type SparseRow = Map<number, number>;

const EPS = 1e-9;

/** Returns the variables (by index) that the equations determine uniquely. */
export function determinedVariables(equations: SparseRow[]): Set<number> {
  const rows: SparseRow[] = equations.filter((r) => r.size > 0).map((r) => new Map(r));
  // column -> rows that contain it
  const colRows = new Map<number, Set<number>>();
  rows.forEach((row, i) => {
    for (const c of row.keys()) {
      let set = colRows.get(c);
      if (!set) colRows.set(c, (set = new Set()));
      set.add(i);
    }
  });
  const pivotRowOf = new Map<number, number>();
  const usedRows = new Set<number>();
  const columns = [...colRows.keys()].sort((a, b) => a - b);
  for (const col of columns) {
    const candidates = [...(colRows.get(col) ?? [])].filter((r) => !usedRows.has(r));
    if (!candidates.length) continue;
    // Prefer the sparsest row as pivot to limit fill-in.
    candidates.sort((a, b) => rows[a].size - rows[b].size);
    const p = candidates[0];
    usedRows.add(p);
    pivotRowOf.set(col, p);
    const pivot = rows[p];
    const pv = pivot.get(col)!;
    for (const [c, v] of pivot) pivot.set(c, v / pv);
    for (const r of [...(colRows.get(col) ?? [])]) {
      if (r === p) continue;
      const row = rows[r];
      const f = row.get(col);
      if (f === undefined) continue;
      for (const [c, v] of pivot) {
        const nv = (row.get(c) ?? 0) - f * v;
        if (Math.abs(nv) < EPS) {
          row.delete(c);
          colRows.get(c)?.delete(r);
        } else {
          if (!row.has(c)) colRows.get(c)!.add(r);
          row.set(c, nv);
        }
      }
    }
  }
  const determined = new Set<number>();
  for (const [col, r] of pivotRowOf) {
    if (rows[r].size === 1 && rows[r].has(col)) determined.add(col);
  }
  return determined;
}
