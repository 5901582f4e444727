// The one protected-table step. Every public and funder table leaves the
// server through protectTables() (./protectTables.ts), whose patterns are
// computed here: primary suppression of small counts, secondary suppression
// until no suppressed cell can be recomputed — from a row, column or
// hierarchy total, from another table of the same population that shares a
// margin, or by differencing periods — and the same pattern in every period.
// Suppressed cells are published as null with flag 'c'.
import { determinedVariables, type SparseRow } from './linear.ts';
import { isUnsafeCount, roundCount, type DisclosurePolicy } from './policy.ts';

/** A revised table that no suppression pattern can protect against what earlier releases published. */
export class RevisionNotProtectableError extends Error {
  readonly code = 'REVISION_NOT_PROTECTABLE';
}

/** The code of a dimension's grand total (SDMX convention). */
export const TOTAL = '_T';
/** Flag of a confidential (suppressed) cell, as in Eurostat/ISTAT tables. */
export const FLAG_CONFIDENTIAL = 'c';

export interface Dimension {
  name: string;
  /** Every code (leaves and aggregates) → its parent; top codes map to null. */
  parent: Map<string, string | null>;
  label: Map<string, string>;
  /** Level name per code ('province', 'region', 'total', 'quarter', 'year', …). */
  level: Map<string, string>;
  /** True for the time dimension: the suppression pattern is repeated across its codes of a level. */
  time?: boolean;
}

export interface LeafRow {
  codes: Record<string, string>;
  counts: Record<string, number>;
}

export interface Rate {
  name: string;
  numerator: string;
  denominator: string;
}

export interface CountTable {
  id: string;
  /** Tables of one family count the same population, so equal margins are the same cell. */
  family: string;
  dims: Dimension[];
  measures: string[];
  /**
   * Measures that count the same population under nested conditions (one
   * equals or bounds the other cell by cell): each list shares one
   * suppression pattern across the family (./populationPattern.ts).
   */
  populations?: string[][];
  rates?: Rate[];
  leaves: LeafRow[];
}

export type OutputRow = Record<string, string | number | null>;

/**
 * What earlier releases of the same family already told the public, by cell
 * key: the cells they hid, and the values they published. A later release
 * keeps every hidden cell hidden, and counts a cell whose published value has
 * not changed as known to an attacker even when it hides it now (it can be
 * read from the earlier release), so it never serves as a partner.
 */
export interface EarlierReleases {
  hidden: ReadonlySet<string>;
  published: ReadonlyMap<string, readonly number[]>;
}

export const NO_EARLIER_RELEASES: EarlierReleases = { hidden: new Set(), published: new Map() };

export interface ProtectedTable {
  id: string;
  columns: string[];
  rows: OutputRow[];
  suppressed: number;
  primary: number;
}

export interface Cell {
  key: string;
  measure: string;
  value: number;
  /** Per dimension of the table that defined it: name → code. */
  codes: Record<string, string>;
  aggregateDims: number;
}

function ancestors(dim: Dimension, code: string): string[] {
  const out: string[] = [];
  let c: string | null | undefined = code;
  while (c != null) {
    if (!dim.parent.has(c)) throw new Error(`Code ${c} is not in dimension ${dim.name}`);
    out.push(c);
    c = dim.parent.get(c);
  }
  return out;
}

export function childrenMap(dim: Dimension): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const [c, p] of dim.parent) if (p != null) (m.get(p) ?? m.set(p, []).get(p)!).push(c);
  return m;
}

/** Canonical cell key: the measure and every non-total code, sorted by dimension name. */
export function cellKey(measure: string, codes: Record<string, string>): string {
  const parts = Object.keys(codes)
    .filter((d) => codes[d] !== TOTAL)
    .sort()
    .map((d) => `${d}=${codes[d]}`);
  return [measure, ...parts].join('|');
}

/** All non-zero cells (leaves and every aggregate) of a table, per measure. */
export function aggregate(table: CountTable, measure: string): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  const kids = table.dims.map((d) => childrenMap(d));
  for (const leaf of table.leaves) {
    const n = leaf.counts[measure] ?? 0;
    if (!n) continue;
    let combos: Record<string, string>[] = [{}];
    for (const dim of table.dims) {
      const anc = ancestors(dim, leaf.codes[dim.name]);
      combos = combos.flatMap((c) => anc.map((a) => ({ ...c, [dim.name]: a })));
    }
    for (const codes of combos) {
      const key = cellKey(measure, codes);
      const cell = cells.get(key);
      if (cell) cell.value += n;
      else {
        const aggregateDims = table.dims.filter((d, i) => kids[i].has(codes[d.name])).length;
        cells.set(key, { key, measure, value: n, codes, aggregateDims });
      }
    }
  }
  return cells;
}

interface Equation {
  /** key of the total, keys of its parts */
  total: string;
  parts: string[];
}

function equationsOf(table: CountTable, cells: Map<string, Cell>, measure: string): Equation[] {
  const eqs: Equation[] = [];
  const children = new Map(table.dims.map((d) => [d.name, childrenMap(d)]));
  for (const cell of cells.values()) {
    for (const dim of table.dims) {
      const kids = children.get(dim.name)!.get(cell.codes[dim.name]);
      if (!kids) continue;
      const parts = kids.map((k) => cellKey(measure, { ...cell.codes, [dim.name]: k })).filter((k) => cells.has(k));
      eqs.push({ total: cell.key, parts });
    }
  }
  return eqs;
}

/**
 * Computes the suppression pattern of one family and measure: returns the keys
 * of cells to suppress and of those suppressed as primary. `alreadyHidden`
 * (keys of this measure) starts the pattern: those cells are hidden whatever
 * their value, and secondary suppression makes them as safe as the primary ones.
 */
export function suppressionPattern(
  tables: CountTable[],
  measure: string,
  policy: DisclosurePolicy,
  alreadyHidden: ReadonlySet<string> = new Set(),
  earlier: EarlierReleases = NO_EARLIER_RELEASES,
): { suppressed: Set<string>; primary: Set<string> } {
  const cells = new Map<string, Cell>();
  const equations: Equation[] = [];
  const timeDims = new Map<string, Dimension>();
  const dimsByName = new Map<string, { dim: Dimension; kids: Map<string, string[]> }>();
  for (const t of tables) {
    if (!t.measures.includes(measure)) continue;
    const own = aggregate(t, measure);
    for (const [k, c] of own) {
      const prev = cells.get(k);
      if (prev && prev.value !== c.value) {
        throw new Error(`Tables of family ${t.family} disagree on ${k} (${prev.value} vs ${c.value}): they must count the same population.`);
      }
      if (!prev) cells.set(k, c);
    }
    equations.push(...equationsOf(t, own, measure));
    for (const d of t.dims) {
      if (d.time) timeDims.set(d.name, d);
      if (!dimsByName.has(d.name)) dimsByName.set(d.name, { dim: d, kids: childrenMap(d) });
    }
  }
  const primary = new Set([...cells.values()].filter((c) => isUnsafeCount(c.value, policy)).map((c) => c.key));
  // Cells hidden for another reason (a twin measure's pattern) stay hidden, and the partners chosen below protect them too.
  const S = new Set([...primary, ...[...alreadyHidden, ...earlier.hidden].filter((k) => cells.has(k))]);
  // Cells an earlier release published with the value they have now: hiding
  // them here hides nothing, so they are constants of the equations, never unknowns.
  const pinned = new Set<string>();
  for (const [k, values] of earlier.published) {
    const c = cells.get(k);
    if (c && values.includes(roundCount(c.value, policy))) pinned.add(k);
  }
  const unknown = (set: ReadonlySet<string>, k: string) => set.has(k) && !pinned.has(k);
  const eqsOf = new Map<string, Equation[]>();
  for (const e of equations) for (const k of [e.total, ...e.parts]) (eqsOf.get(k) ?? eqsOf.set(k, []).get(k)!).push(e);

  // Cells grouped by their key without the time code, per time level, for the same-pattern rule.
  const timeSiblings = new Map<string, string[]>();
  const siblingKey = (c: Cell) => {
    const rest: Record<string, string> = {};
    let lvl = '';
    for (const [d, code] of Object.entries(c.codes)) {
      const td = timeDims.get(d);
      if (td) lvl += `${d}:${td.level.get(code)};`;
      else rest[d] = code;
    }
    return `${lvl}${cellKey(c.measure, rest)}`;
  };
  for (const c of cells.values()) (timeSiblings.get(siblingKey(c)) ?? timeSiblings.set(siblingKey(c), []).get(siblingKey(c))!).push(c.key);

  // A partner is chosen for all periods at once (the pattern repeats across
  // them), so its cost is what the whole group of period siblings hides:
  // prefer interior cells over totals, then the smallest hidden amount.
  const groupValue = new Map<string, number>();
  for (const [g, keys] of timeSiblings) groupValue.set(g, keys.reduce((s, k) => s + cells.get(k)!.value, 0));
  const cost = (k: string) => {
    const c = cells.get(k)!;
    return c.aggregateDims * 1e12 + groupValue.get(siblingKey(c))!;
  };
  const pickPartner = (keys: string[]): string | undefined =>
    keys.filter((k) => !S.has(k) && !pinned.has(k)).sort((a, b) => cost(a) - cost(b) || (a < b ? -1 : 1))[0];

  const withSiblings = (set: Set<string>, k: string) => {
    for (const sib of timeSiblings.get(siblingKey(cells.get(k)!)) ?? [k]) set.add(sib);
  };
  const exposedIn = (set: Set<string>): string[] => {
    const vars = [...set].filter((k) => !pinned.has(k));
    const index = new Map(vars.map((k, i) => [k, i]));
    const rows: SparseRow[] = [];
    for (const e of equations) {
      const row: SparseRow = new Map();
      if (index.has(e.total)) row.set(index.get(e.total)!, 1);
      for (const p of e.parts) if (index.has(p)) row.set(index.get(p)!, (row.get(index.get(p)!) ?? 0) - 1);
      if (row.size) rows.push(row);
    }
    return [...determinedVariables(rows)].map((i) => vars[i]).sort();
  };

  /**
   * The classic hypercube partner set of a cell: in every non-time dimension
   * pick a sibling (same parent, non-zero), and hide all corners of the
   * resulting box, so every published line through the cell holds two hidden
   * cells that can trade amounts. A code without a non-zero sibling hides its
   * parent instead (a region with one province equals that province).
   */
  const hypercube = (k: string): string[] => {
    const c = cells.get(k)!;
    const extra: string[] = [];
    const options: { dim: string; sibs: string[] }[] = [];
    for (const [d, code] of Object.entries(c.codes)) {
      const info = dimsByName.get(d)!;
      const parent = info.dim.parent.get(code);
      if (parent == null) continue;
      const withCode = (x: string) => cellKey(c.measure, { ...c.codes, [d]: x });
      const live = (info.kids.get(parent) ?? []).filter((x) => x !== code && cells.has(withCode(x)));
      if (!live.length) {
        extra.push(withCode(parent));
        continue;
      }
      if (info.dim.time) continue; // periods are covered by the same-pattern rule
      options.push({ dim: d, sibs: live.sort((x, y) => cost(withCode(x)) - cost(withCode(y))).slice(0, 3) });
    }
    let best: string[] = [];
    let bestCost = Infinity;
    const choose = (i: number, picked: string[]) => {
      if (i === options.length) {
        if (!options.length) return;
        const corners: string[] = [];
        for (let mask = 0; mask < 1 << options.length; mask++) {
          const codes = { ...c.codes };
          options.forEach((o, j) => {
            if (mask & (1 << j)) codes[o.dim] = picked[j];
          });
          const key = cellKey(c.measure, codes);
          if (!cells.has(key) || pinned.has(key)) return; // a published zero, or a value an earlier release published, breaks the box
          corners.push(key);
        }
        const total = corners.filter((x) => !S.has(x)).reduce((s, x) => s + cost(x), 0);
        if (total < bestCost) {
          bestCost = total;
          best = corners;
        }
        return;
      }
      for (const sib of options[i].sibs) choose(i + 1, [...picked, sib]);
    };
    choose(0, []);
    return [...extra, ...best];
  };

  // Cheap first pass (no algebra): while some published relation has exactly
  // one hidden cell, hide that cell's hypercube. This settles most cells; the
  // exact check below finds what is left.
  for (let pass = 0; pass < 1000; pass++) {
    for (const k of [...S]) withSiblings(S, k);
    const lonely = new Set<string>();
    for (const e of equations) {
      let hidden: string | null = null;
      let count = 0;
      for (const x of [e.total, ...e.parts]) {
        if (unknown(S, x)) {
          count++;
          hidden = x;
          if (count > 1) break;
        }
      }
      if (count === 1) lonely.add(hidden!);
    }
    if (!lonely.size) break;
    const before = S.size;
    for (const k of lonely) for (const x of hypercube(k)) withSiblings(S, x);
    if (S.size === before) break;
  }

  for (let round = 0; round < 10_000; round++) {
    // Same pattern in every period of a level: differencing periods reveals nothing new.
    for (const k of [...S]) withSiblings(S, k);
    const exposed = exposedIn(S);
    // Interval rule: when a published total leaves only suppressed parts,
    // their sum is known; if it is below the threshold each part is nearly pinned.
    const narrow: Equation[] = [];
    for (const e of equations) {
      if (unknown(S, e.total)) continue;
      const hidden = e.parts.filter((p) => unknown(S, p));
      if (hidden.length < 2) continue;
      const sum = hidden.reduce((s, p) => s + cells.get(p)!.value, 0);
      if (sum - (hidden.length - 1) < policy.threshold) narrow.push(e);
    }
    if (!exposed.length && !narrow.length) break;

    const before = S.size;
    const addedNow = new Set<string>();
    for (const e of narrow) {
      const partner = pickPartner([...e.parts, e.total]);
      if (partner) {
        withSiblings(S, partner);
        addedNow.add(partner);
      }
    }
    const touched = (k: string) => (eqsOf.get(k) ?? []).some((e) => addedNow.has(e.total) || e.parts.some((p) => addedNow.has(p)));
    for (const k of exposed) {
      if (exposed.length > 8 && touched(k)) continue; // an addition this round may already cover it; the next round re-checks
      const cube = hypercube(k);
      const fresh = cube.filter((x) => !S.has(x));
      if (fresh.length) {
        for (const x of fresh) {
          withSiblings(S, x);
          addedNow.add(x);
        }
        continue;
      }
      // No cube helps: the cheapest neighbour in one of its equations.
      const partner = pickPartner((eqsOf.get(k) ?? []).flatMap((e) => [e.total, ...e.parts]));
      if (partner) {
        withSiblings(S, partner);
        addedNow.add(partner);
      }
    }
    if (S.size === before) {
      // Nothing left to hide next to an exposed cell: hide its whole
      // neighbourhood, and in the end the measure, rather than publish a recoverable cell.
      for (const k of exposed) for (const e of eqsOf.get(k) ?? []) for (const x of [e.total, ...e.parts]) S.add(x);
      if (S.size === before) {
        for (const k of cells.keys()) S.add(k);
        break;
      }
    }
  }
  // Only values an earlier release published can leave a cell exposed with
  // every cell hidden: refuse to publish rather than reveal it.
  const stillExposed = pinned.size ? exposedIn(S) : [];
  if (stillExposed.length)
    throw new RevisionNotProtectableError(
      `Cells ${stillExposed.slice(0, 5).join(', ')} could be recomputed from values an earlier release published: the revision cannot be published safely. Hold the revised periods back, or contact the methodology owner.`,
    );
  return { suppressed: S, primary };
}
