// An attacker for the disclosure tests, written independently of the
// suppression code: from published rows alone it rebuilds every additive
// relation (a total equals its parts; a year equals its quarters; tables that
// share a margin share those cells) and repeatedly solves any relation with a
// single unknown, using every value it learned so far, until nothing changes.
type Row = Record<string, string | number | null>;

export interface PublishedTable {
  id: string;
  rows: Row[];
  /** Dimension columns, e.g. ['period', 'territory', 'gender']. */
  dims: string[];
  measures: string[];
}

const TOTAL = '_T';

function cellKey(measure: string, row: Row, dims: string[]): string {
  return [measure, ...dims.filter((d) => row[d] !== TOTAL).sort().map((d) => `${d}=${row[d]}`)].join('|');
}

export function attack(tables: PublishedTable[]): Map<string, number> {
  const known = new Map<string, number>();
  const unknown = new Set<string>();
  const equations: { total: string; parts: string[] }[] = [];
  for (const t of tables) {
    const index = new Map<string, Row>();
    for (const r of t.rows) index.set(t.dims.map((d) => r[d]).join('\u0000'), r);
    for (const m of t.measures) {
      for (const r of t.rows) {
        const k = cellKey(m, r, t.dims);
        if (r[m] === null) unknown.add(k);
        else known.set(k, Number(r[m]));
      }
      for (const r of t.rows) {
        for (const d of t.dims) {
          const code = String(r[d]);
          let children: string[] = [];
          if (d === 'period' && /^\d{4}$/.test(code)) {
            children = [...new Set(t.rows.map((x) => String(x.period)).filter((p) => p.startsWith(`${code}-Q`)))];
          } else if (code === TOTAL) {
            children = [...new Set(t.rows.map((x) => String(x[d])).filter((c) => c !== TOTAL))];
          }
          if (!children.length) continue;
          const parts = children
            .map((c) => index.get(t.dims.map((dd) => (dd === d ? c : r[dd])).join('\u0000')))
            .filter((x): x is Row => !!x)
            .map((x) => cellKey(m, x, t.dims));
          equations.push({ total: cellKey(m, r, t.dims), parts });
        }
      }
    }
  }
  // A cell published in any table is known everywhere (shared margins).
  for (const k of [...unknown]) if (known.has(k)) unknown.delete(k);
  const recovered = new Map<string, number>();
  let progress = true;
  while (progress) {
    progress = false;
    for (const e of equations) {
      const all = [e.total, ...e.parts];
      const missing = all.filter((k) => !known.has(k));
      if (missing.length !== 1) continue;
      const k = missing[0];
      const sumParts = e.parts.reduce((s, p) => s + (p === k ? 0 : known.get(p)!), 0);
      const value = k === e.total ? sumParts : known.get(e.total)! - sumParts;
      known.set(k, value);
      recovered.set(k, value);
      progress = true;
    }
  }
  return recovered;
}
