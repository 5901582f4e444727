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

// A second attacker that knows the public hierarchies (an ISTAT province's
// region, a month's quarter and year: public knowledge, passed in as
// parentOf) and uses every relation at once with exact linear algebra, not
// only relations with a single unknown. It sees only published cells: a
// value, null (suppressed), or no row at all (a zero, as the KPI API omits
// empty groups). Dimensions absent from a row are at their total.
export interface Cells {
  dims: string[];
  measures: string[];
  rows: Row[];
}

export interface Relation {
  total: string;
  parts: string[];
}

export type ParentOf = (dim: string, code: string) => string | null;

const keyOf = (measure: string, codes: Record<string, string>) =>
  [measure, ...Object.keys(codes).filter((d) => codes[d] !== TOTAL).sort().map((d) => `${d}=${codes[d]}`)].join('|');

export function relationsOf(
  tables: Cells[],
  allDims: string[],
  parentOf: ParentOf,
): { known: Map<string, number>; hidden: Set<string>; unpublished: Set<string>; relations: Relation[] } {
  const known = new Map<string, number>();
  const hidden = new Set<string>();
  const cells: { measure: string; codes: Record<string, string> }[] = [];
  const codesSeen = new Map<string, Set<string>>(allDims.map((d) => [d, new Set<string>()]));
  const depth = (d: string, c: string) => {
    let n = 0;
    for (let x: string | null = c; x !== null && x !== TOTAL; x = parentOf(d, x)) n++;
    return n;
  };
  // A grouping that was published (for that measure) lists every non-empty group: its missing cells are zeros.
  const signature = (codes: Record<string, string>) => allDims.map((d) => depth(d, codes[d])).join(',');
  const grids = new Set<string>();
  for (const t of tables) {
    for (const r of t.rows) {
      const codes: Record<string, string> = {};
      for (const d of allDims) codes[d] = t.dims.includes(d) && r[d] !== null && r[d] !== undefined ? String(r[d]) : TOTAL;
      for (const d of allDims) codesSeen.get(d)!.add(codes[d]);
      for (const m of t.measures) grids.add(`${m}#${signature(codes)}`);
      for (const m of t.measures) {
        if (!(m in r)) continue;
        const k = keyOf(m, codes);
        if (r[m] === null) hidden.add(k);
        else known.set(k, Number(r[m]));
        cells.push({ measure: m, codes });
      }
    }
  }
  for (const k of hidden) if (known.has(k)) hidden.delete(k);
  const children = (d: string, p: string) => [...codesSeen.get(d)!].filter((c) => c !== p && parentOf(d, c) === p);
  const relations: Relation[] = [];
  const unpublished = new Set<string>();
  const seen = new Set<string>();
  for (const c of cells) {
    for (const d of allDims) {
      const kids = children(d, c.codes[d]);
      if (!kids.length) continue;
      const total = keyOf(c.measure, c.codes);
      const id = `${total}#${d}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const parts = kids.map((k) => ({ ...c.codes, [d]: k }));
      for (const codes of parts) {
        const k = keyOf(c.measure, codes);
        if (known.has(k) || hidden.has(k)) continue;
        // Missing from a published grouping: an empty group. Never published: an unknown to the attacker.
        if (grids.has(`${c.measure}#${signature(codes)}`)) known.set(k, 0);
        else unpublished.add(k);
      }
      relations.push({ total, parts: parts.map((codes) => keyOf(c.measure, codes)) });
    }
  }
  return { known, hidden, unpublished, relations };
}

/** Hidden cells that the relations determine exactly (all relations at once). */
export function exactlyDetermined(known: Map<string, number>, hidden: Set<string>, relations: Relation[], solve: (rows: Map<number, number>[]) => Set<number>): string[] {
  const vars = [...hidden];
  const index = new Map(vars.map((k, i) => [k, i]));
  const rows: Map<number, number>[] = [];
  for (const r of relations) {
    const row = new Map<number, number>();
    const add = (k: string, coef: number) => {
      const i = index.get(k);
      if (i !== undefined) row.set(i, (row.get(i) ?? 0) + coef);
    };
    add(r.total, 1);
    for (const p of r.parts) add(p, -1);
    if (row.size) rows.push(row);
  }
  return [...solve(rows)].map((i) => vars[i]).sort();
}

/** Single-unknown propagation with values (for soundness checks against the truth). */
export function propagate(known: Map<string, number>, relations: Relation[]): Map<string, number> {
  const k = new Map(known);
  const recovered = new Map<string, number>();
  let progress = true;
  while (progress) {
    progress = false;
    for (const e of relations) {
      const missing = [e.total, ...e.parts].filter((x) => !k.has(x));
      if (missing.length !== 1) continue;
      const x = missing[0];
      const sum = e.parts.reduce((s, p) => s + (p === x ? 0 : k.get(p)!), 0);
      const v = x === e.total ? sum : k.get(e.total)! - sum;
      k.set(x, v);
      recovered.set(x, v);
      progress = true;
    }
  }
  return recovered;
}

/** Dense Gauss–Jordan over the rationals-as-floats: the reference solver for small systems. */
export function denseDetermined(rows: Map<number, number>[], nVars: number): Set<number> {
  const m = rows.map((r) => Array.from({ length: nVars }, (_, j) => r.get(j) ?? 0));
  const pivots: number[] = [];
  let row = 0;
  for (let col = 0; col < nVars && row < m.length; col++) {
    let best = row;
    for (let i = row + 1; i < m.length; i++) if (Math.abs(m[i][col]) > Math.abs(m[best][col])) best = i;
    if (Math.abs(m[best][col]) < 1e-9) continue;
    [m[row], m[best]] = [m[best], m[row]];
    const pv = m[row][col];
    for (let j = 0; j < nVars; j++) m[row][j] /= pv;
    for (let i = 0; i < m.length; i++) {
      if (i === row || Math.abs(m[i][col]) < 1e-12) continue;
      const f = m[i][col];
      for (let j = 0; j < nVars; j++) m[i][j] -= f * m[row][j];
    }
    pivots.push(col);
    row++;
  }
  const out = new Set<number>();
  pivots.forEach((col, i) => {
    if (m[i].every((v, j) => j === col || Math.abs(v) < 1e-9)) out.add(col);
  });
  return out;
}

/**
 * Twin measures: what an attacker knows from the definitions alone, e.g.
 * that placements started more than a year before the as-of date are all
 * observable at 6 and at 12 months (placements = ret6_eligible =
 * ret12_eligible), or that permanent placements in the 'permanent' row are all
 * of that row's placements. Each identity a = b on the cells where `holds`
 * says so, as a relation (a total with one part). Cells of either measure
 * never published are unknowns of the system.
 */
export interface Twin {
  a: string;
  b: string;
  holds: (codes: Record<string, string>) => boolean;
}

export function twinRelations(tables: Cells[], allDims: string[], twins: Twin[]): Relation[] {
  const out = new Map<string, Relation>();
  for (const t of tables)
    for (const r of t.rows) {
      const codes: Record<string, string> = {};
      for (const d of allDims) codes[d] = t.dims.includes(d) && r[d] !== null && r[d] !== undefined ? String(r[d]) : TOTAL;
      for (const w of twins) {
        if (!w.holds(codes)) continue;
        const rel = { total: keyOf(w.a, codes), parts: [keyOf(w.b, codes)] };
        out.set(`${rel.total}=${rel.parts[0]}`, rel);
      }
    }
  return [...out.values()];
}
