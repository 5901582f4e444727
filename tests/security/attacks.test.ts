// Disclosure attacks, each of which must fail: recover a suppressed cell from
// a row total, a column total, a hierarchy total (region ⊃ province ⊃ comune,
// year ⊃ quarter ⊃ month), two tables sharing a margin, two periods, or by
// putting page, CSV and API side by side. The attacker (./attacker.ts) sees
// only published cells and public hierarchies, and uses every relation at
// once (exact linear algebra) plus value propagation. Each hand-made case
// also shows that threshold-only suppression leaks, so the attacker has
// teeth; then the same attacks run on demo-shaped data (the e2e demo):
// every public table together, and everything a funder can ask the real API.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { parse as parseCsv } from 'csv-parse/sync';
import {
  denseDetermined,
  exactlyDetermined,
  propagate,
  relationsOf,
  twinRelations,
  type Cells,
  type ParentOf,
  type Twin,
} from './attacker.ts';
import { login, startServer, type TestServer } from './server.ts';
import { demoTemplate } from '../e2e/harness.ts';
import { Warehouse } from '../../warehouse/db.ts';
import { determinedVariables } from '../../warehouse/disclosure/linear.ts';
import {
  protectTables,
  resolvePolicy,
  TOTAL,
  type CountTable,
  type Dimension,
  type OutputRow,
} from '../../warehouse/disclosure/index.ts';
import { PUBLIC_TABLES, readPublishedTable } from '../../warehouse/opendata/index.ts';
import { countTable } from '../../warehouse/opendata/tables.ts';
import { DEMO_USERS } from '../../server/auth/demoUsers.ts';

const policy = resolvePolicy({ threshold: 5 }, {});
const solve = (rows: Map<number, number>[]) => determinedVariables(rows);

function hierarchy(name: string, parents: Record<string, string | null>, time = false): Dimension {
  const d: Dimension = { name, parent: new Map(), label: new Map(), level: new Map(), time };
  for (const [c, p] of Object.entries(parents)) {
    d.parent.set(c, p);
    d.level.set(c, p === null ? 'top' : 'part');
  }
  return d;
}
const flat = (name: string, codes: string[]) =>
  hierarchy(name, Object.fromEntries([[TOTAL, null], ...codes.map((c) => [c, TOTAL])]));
const parentsOf =
  (dims: Dimension[]): ParentOf =>
  (dim, code) =>
    dims.find((d) => d.name === dim)?.parent.get(code) ?? null;

/** True value of every cell (leaves and aggregates), keyed like the attacker keys them. */
function truth(tables: CountTable[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of tables) {
    const own = new Map<string, number>();
    for (const leaf of t.leaves) {
      let combos: Record<string, string>[] = [{}];
      for (const d of t.dims) {
        const chain: string[] = [];
        for (let c: string | null | undefined = leaf.codes[d.name]; c != null; c = d.parent.get(c))
          chain.push(c);
        combos = combos.flatMap((x) => chain.map((c) => ({ ...x, [d.name]: c })));
      }
      for (const codes of combos)
        for (const m of t.measures) {
          const k = [
            m,
            ...Object.keys(codes)
              .filter((d) => codes[d] !== TOTAL)
              .sort()
              .map((d) => `${d}=${codes[d]}`),
          ].join('|');
          own.set(k, (own.get(k) ?? 0) + (leaf.counts[m] ?? 0));
        }
    }
    for (const [k, v] of own) out.set(k, v);
  }
  return out;
}

/** What a publisher doing threshold suppression only would show: every cell but 1..4. */
function thresholdOnly(t: CountTable, protectedRows: OutputRow[]): OutputRow[] {
  const values = truth([t]);
  return protectedRows.map((r) => {
    const out = { ...r };
    for (const m of t.measures) {
      const codes = Object.fromEntries(t.dims.map((d) => [d.name, String(r[d.name])]));
      const k = [
        m,
        ...Object.keys(codes)
          .filter((d) => codes[d] !== TOTAL)
          .sort()
          .map((d) => `${d}=${codes[d]}`),
      ].join('|');
      const v = values.get(k) ?? 0;
      out[m] = v > 0 && v < policy.threshold ? null : v;
    }
    return out;
  });
}

/** Runs both attackers; returns what they recover and checks they are sound (recovered = true value). */
function attackAll(tables: { t: CountTable; rows: OutputRow[] }[]): string[] {
  const dims = [...new Map(tables.flatMap((x) => x.t.dims).map((d) => [d.name, d])).values()];
  const cells: Cells[] = tables.map((x) => ({
    dims: x.t.dims.map((d) => d.name),
    measures: x.t.measures,
    rows: x.rows,
  }));
  const { known, hidden, unpublished, relations } = relationsOf(
    cells,
    dims.map((d) => d.name),
    parentsOf(dims),
  );
  const values = truth(tables.map((x) => x.t));
  const byValue = propagate(known, relations);
  for (const [k, v] of byValue) expect(values.get(k) ?? 0, `attacker unsound on ${k}`).toBe(v);
  const unknowns = new Set([...hidden, ...unpublished]);
  const exact = exactlyDetermined(known, unknowns, relations, solve);
  // The sparse solver agrees with a dense reference on these small systems.
  const vars = [...unknowns];
  const rows = relations
    .map((r) => {
      const row = new Map<number, number>();
      const add = (k: string, c: number) =>
        vars.indexOf(k) >= 0 && row.set(vars.indexOf(k), (row.get(vars.indexOf(k)) ?? 0) + c);
      add(r.total, 1);
      r.parts.forEach((p) => add(p, -1));
      return row;
    })
    .filter((r) => r.size);
  expect(exact).toEqual([...denseDetermined(rows, vars.length)].map((i) => vars[i]).sort());
  return [...new Set([...byValue.keys(), ...exact])].filter((k) => hidden.has(k)).sort();
}

function table(
  id: string,
  dims: Dimension[],
  cells: [Record<string, string>, number][],
  family = id,
): CountTable {
  return {
    id,
    family,
    dims,
    measures: ['n'],
    leaves: cells.map(([codes, n]) => ({ codes, counts: { n } })),
  };
}

describe('hand-made attacks', () => {
  const check = (tables: CountTable[]) => {
    const protectedTables = protectTables(tables, policy);
    const naive = tables.map((t, i) => ({ t, rows: thresholdOnly(t, protectedTables[i].rows) }));
    expect(attackAll(naive).length, 'threshold-only suppression should leak here').toBeGreaterThan(
      0,
    );
    const got = tables.map((t, i) => ({ t, rows: protectedTables[i].rows }));
    expect(got.some((x) => x.rows.some((r) => r.n === null))).toBe(true);
    expect(attackAll(got)).toEqual([]);
    return protectedTables;
  };

  it('row total: a small cell cannot be recomputed from its row total', () => {
    check([
      table(
        'row',
        [flat('territory', ['A', 'B', 'C'])],
        [
          [{ territory: 'A' }, 2],
          [{ territory: 'B' }, 40],
          [{ territory: 'C' }, 17],
        ],
      ),
    ]);
  });

  it('column total: nor from its column total in a two-way table', () => {
    const g = flat('gender', ['F', 'M']);
    const ter = flat('territory', ['A', 'B', 'C']);
    check([
      table(
        'twoway',
        [ter, g],
        [
          [{ territory: 'A', gender: 'F' }, 3],
          [{ territory: 'A', gender: 'M' }, 30],
          [{ territory: 'B', gender: 'F' }, 22],
          [{ territory: 'B', gender: 'M' }, 25],
          [{ territory: 'C', gender: 'F' }, 41],
          [{ territory: 'C', gender: 'M' }, 12],
        ],
      ),
    ]);
  });

  it('hierarchy total: region ⊃ province ⊃ comune, with a province of one comune and a region of one province', () => {
    const territory = hierarchy('territory', {
      [TOTAL]: null,
      R1: TOTAL,
      R2: TOTAL,
      P11: 'R1',
      P12: 'R1',
      P21: 'R2',
      C111: 'P11',
      C112: 'P11',
      C121: 'P12',
      C211: 'P21',
      C212: 'P21',
    });
    const g = flat('gender', ['F', 'M']);
    check([
      table(
        'geo',
        [territory, g],
        [
          [{ territory: 'C111', gender: 'F' }, 2],
          [{ territory: 'C111', gender: 'M' }, 19],
          [{ territory: 'C112', gender: 'F' }, 14],
          [{ territory: 'C112', gender: 'M' }, 11],
          [{ territory: 'C121', gender: 'F' }, 9],
          [{ territory: 'C121', gender: 'M' }, 3],
          [{ territory: 'C211', gender: 'F' }, 30],
          [{ territory: 'C211', gender: 'M' }, 26],
          [{ territory: 'C212', gender: 'F' }, 8],
          [{ territory: 'C212', gender: 'M' }, 21],
        ],
      ),
    ]);
  });

  it('time hierarchy: year ⊃ quarter ⊃ month, the same pattern in every period', () => {
    const months = ['01', '02', '03', '04', '05', '06'].map((m) => `2025-${m}`);
    const time = hierarchy(
      'period',
      {
        '2025': null,
        '2025-Q1': '2025',
        '2025-Q2': '2025',
        ...Object.fromEntries(
          months.map((m) => [m, Number(m.slice(5)) <= 3 ? '2025-Q1' : '2025-Q2']),
        ),
      },
      true,
    );
    const ter = flat('territory', ['A', 'B', 'C']);
    const n = (m: string, t: string) =>
      m === '2025-02' && t === 'B' ? 1 : 7 + ((m.charCodeAt(6) + t.charCodeAt(0)) % 9);
    const [out] = check([
      table(
        'months',
        [time, ter],
        months.flatMap((m) =>
          ['A', 'B', 'C'].map((t): [Record<string, string>, number] => [
            { period: m, territory: t },
            n(m, t),
          ]),
        ),
      ),
    ]);
    const pattern = (p: string) =>
      out.rows
        .filter((r) => r.period === p && r.n === null)
        .map((r) => r.territory)
        .sort()
        .join(',');
    for (const m of months) expect(pattern(m)).toBe(pattern('2025-02'));
    expect(pattern('2025-Q1')).toBe(pattern('2025-Q2'));
  });

  it('two tables sharing a margin (same people by gender and by contract)', () => {
    const ter = flat('territory', ['A', 'B', 'C']);
    const people = [
      ...Array.from({ length: 12 }, (_, i) => ({
        t: 'A',
        g: i % 2 ? 'F' : 'M',
        c: ['P', 'T', 'S'][i % 3],
      })),
      ...Array.from({ length: 7 }, (_, i) => ({
        t: 'B',
        g: i < 5 ? 'F' : 'M',
        c: i < 6 ? 'P' : 'S',
      })),
      ...Array.from({ length: 15 }, (_, i) => ({
        t: 'C',
        g: i % 3 ? 'F' : 'M',
        c: i % 2 ? 'T' : 'P',
      })),
    ];
    const count = (dim: 'g' | 'c', name: string, codes: string[]) =>
      table(
        name,
        [ter, flat(name === 'byGender' ? 'gender' : 'contract', codes)],
        people.map((p): [Record<string, string>, number] => [
          { territory: p.t, [name === 'byGender' ? 'gender' : 'contract']: p[dim] },
          1,
        ]),
        'people',
      );
    check([count('g', 'byGender', ['F', 'M']), count('c', 'byContract', ['P', 'T', 'S'])]);
  });

  it('two periods: a year and its quarters, and cumulative periods, cannot be differenced', () => {
    const time = hierarchy(
      'period',
      { '2024': null, '2024-Q1': '2024', '2024-Q2': '2024', '2024-Q3': '2024', '2024-Q4': '2024' },
      true,
    );
    const ter = flat('territory', ['A', 'B']);
    const cells: [Record<string, string>, number][] = [];
    for (const q of ['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4'])
      for (const t of ['A', 'B'])
        cells.push([
          { period: q, territory: t },
          q === '2024-Q4' && t === 'A' ? 3 : 20 + q.charCodeAt(6),
        ]);
    check([table('periods', [time, ter], cells)]);
  });
});

describe('twin measures (the same people counted under nested conditions)', () => {
  // Placements started in 2023 are all observable at 12 months by the as-of
  // date; those of 2024 are not yet: 'observable' equals 'started' on every
  // 2023 cell and is zero on 2024. An attacker knows that from the definitions.
  const quarters = ['2023', '2024'].flatMap((y) => [1, 2, 3, 4].map((q) => `${y}-Q${q}`));
  const time = hierarchy(
    'period',
    Object.fromEntries([['2023', null], ['2024', null], ...quarters.map((q) => [q, q.slice(0, 4)])]),
    true,
  );
  const ter = flat('territory', ['A', 'B', 'C', 'D']);
  const twins = (seed: number): CountTable => {
    let x = seed;
    const r = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const leaves = quarters.flatMap((q) =>
      ['A', 'B', 'C', 'D'].map((t) => {
        const n = r() < 0.15 ? 1 + Math.floor(r() * 4) : 5 + Math.floor(r() * 30);
        return { codes: { period: q, territory: t }, counts: { started: n, observable: q < '2024' ? n : 0 } };
      }),
    );
    return { id: 'placements', family: 'placements', dims: [time, ter], measures: ['started', 'observable'], leaves };
  };
  const twinKnown: Twin[] = [{ a: 'started', b: 'observable', holds: (c) => c.period.startsWith('2023') }];
  /** Hidden cells an attacker recovers with the margins and the twin identity. */
  const recovered = (t: CountTable, rows: OutputRow[]): string[] => {
    const cells: Cells[] = [{ dims: ['period', 'territory'], measures: t.measures, rows }];
    const parent = parentsOf(t.dims);
    const { known, hidden, unpublished, relations } = relationsOf(cells, ['period', 'territory'], parent);
    const all = [...relations, ...twinRelations(cells, ['period', 'territory'], twinKnown)];
    const values = truth([t]);
    const byValue = propagate(known, all);
    for (const [k, v] of byValue) expect(values.get(k) ?? 0, `attacker unsound on ${k}`).toBe(v);
    const exact = exactlyDetermined(known, new Set([...hidden, ...unpublished]), all, solve);
    return [...new Set([...byValue.keys(), ...exact])].filter((k) => hidden.has(k)).sort();
  };

  it('each measure protected alone leaks through its twin; one pattern for the population does not', () => {
    let leakedAlone = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const t = twins(seed);
      const [alone] = protectTables([t], policy);
      if (recovered(t, alone.rows).length) leakedAlone++;
      const [joint] = protectTables([{ ...t, populations: [['started', 'observable']] }], policy);
      for (const row of joint.rows)
        if (String(row.period).startsWith('2023'))
          expect(row.started === null, `${seed} ${row.period} ${row.territory}`).toBe(row.observable === null);
      expect(recovered(t, joint.rows), `seed ${seed}`).toEqual([]);
    }
    // Teeth: protected one by one, some populations give a hidden cell away.
    expect(leakedAlone).toBeGreaterThan(0);
  });
});

describe('attacks on demo-shaped data (the e2e demo)', () => {
  let dir: string;
  let wh: Warehouse;
  let s: TestServer;
  let funder: string;
  let analyst: string;
  const regionOf = new Map<string, string>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oss-attacks-'));
    cpSync(demoTemplate(), join(dir, 'data'), { recursive: true });
    const dbPath = join(dir, 'data', 'osservatorio.duckdb');
    wh = await Warehouse.open(dbPath);
    for (const r of await wh.rows<{ cod_uts: string; cod_regione: string }>(
      `select cod_uts, cod_regione from ref.provinces`,
    ))
      regionOf.set(r.cod_uts, r.cod_regione);
    s = await startServer(
      { wh, dir, dbPath, cleanup: () => {} },
      { demo: true, pages: true, env: { OSSERVATORIO_SESSION_SECRET: 's'.repeat(48) } },
    );
    funder = await login(
      s.url,
      'demo-funder',
      DEMO_USERS.find((u) => u.username === 'demo-funder')!.password,
    );
    analyst = await login(
      s.url,
      'demo-analyst',
      DEMO_USERS.find((u) => u.username === 'demo-analyst')!.password,
    );
  }, 180_000);
  afterAll(async () => {
    await s?.close();
    wh?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // The published hierarchy: a province sits under its region when the tables
  // publish that region (every province of it covered), else under the total.
  const publishedRegions = new Set<string>();
  const publicParent: ParentOf = (dim, code) => {
    if (code === TOTAL) return null;
    if (dim === 'period') return /Q/.test(code) ? code.slice(0, 4) : null;
    if (dim === 'territory')
      return /^\d{3}$/.test(code) && publishedRegions.has(regionOf.get(code) ?? '')
        ? regionOf.get(code)!
        : TOTAL;
    return TOTAL;
  };

  it('every public table together: nothing recoverable, no count 1–4 published', async () => {
    const published = PUBLIC_TABLES.map((d) => ({
      d,
      table: readPublishedTable(join(dir, 'data', 'open-data'), d.id)!,
    }));
    for (const { table } of published)
      for (const r of table.rows) if (r.territory_level === 'region') publishedRegions.add(String(r.territory));
    const cells: Cells[] = published.map(({ d, table }) => ({
      dims: ['period', 'territory', ...d.categories.map((c) => c.name)],
      measures: d.measures.map((m) => m.name),
      rows: table.rows,
    }));
    const allDims = [...new Set(cells.flatMap((c) => c.dims))];
    const { known, hidden, unpublished, relations } = relationsOf(cells, allDims, publicParent);
    expect(hidden.size).toBeGreaterThan(0);
    const truths = new Map<string, number>();
    for (const d of PUBLIC_TABLES)
      for (const [k, v] of truth([await countTable(wh, d)])) truths.set(k, v);
    const byValue = propagate(known, relations);
    for (const [k, v] of byValue) if (truths.has(k)) expect(truths.get(k), k).toBe(v);
    expect([...byValue.keys()].filter((k) => hidden.has(k))).toEqual([]);
    expect(
      exactlyDetermined(known, new Set([...hidden, ...unpublished]), relations, solve).filter((k) =>
        hidden.has(k),
      ),
    ).toEqual([]);
    // Teeth: the same demo tables with threshold-only suppression do leak.
    const naive: Cells[] = [];
    for (const { d, table } of published) {
      const t = await countTable(wh, d);
      naive.push({ dims: t.dims.map((x) => x.name), measures: t.measures, rows: thresholdOnly(t, table.rows) });
    }
    const n = relationsOf(naive, allDims, publicParent);
    const leaked = exactlyDetermined(n.known, new Set([...n.hidden, ...n.unpublished]), n.relations, solve).filter((k) => n.hidden.has(k));
    expect(leaked.length).toBeGreaterThan(0);
    for (const c of cells)
      for (const r of c.rows)
        for (const m of c.measures)
          if (r[m] !== null) expect(Number(r[m]) === 0 || Number(r[m]) >= 5).toBe(true);
  });

  it('the /open-data page shows the same cells as the CSV and the API, and explains the c flag', async () => {
    const html = await (await fetch(`${s.url}/open-data`)).text();
    expect(html).toContain('data-testid="flag-explanation"');
    expect(html).toContain('riservatezza statistica');
    for (const d of PUBLIC_TABLES) {
      const m = d.measures[0].name;
      const table = new RegExp(
        `<table[^>]*data-testid="preview-${d.id}"[^>]*>([\\s\\S]*?)</table>`,
      ).exec(html)![1];
      const body = table.slice(table.indexOf('<tbody'));
      const pageCells = [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((tr) => {
        const td = new RegExp(`<td[^>]*data-column="${m}"([^>]*)>([\\s\\S]*?)</td>`).exec(tr[1])!;
        // The page writes counts as Italian readers do (1.234): the separator is taken out to compare with the file.
        return td[1].includes('data-flag="c"') ? 'c' : td[2].replace(/<[^>]+>/g, '').trim().replace(/\.(?=\d{3}\b)/g, '');
      });
      expect(pageCells.length).toBeGreaterThan(0);
      const csv = parseCsv(await (await fetch(`${s.url}/open-data/${d.id}.csv`)).text(), {
        columns: true,
      }) as Record<string, string>[];
      const api = (await (await fetch(`${s.url}/api/open-data/${d.id}?format=json`)).json()) as {
        rows: Record<string, unknown>[];
      };
      const fromCsv = csv
        .slice(0, pageCells.length)
        .map((r) => (r[`${m}_flag`] === 'c' ? 'c' : r[m]));
      const fromApi = api.rows
        .slice(0, pageCells.length)
        .map((r) => (r[`${m}_flag`] === 'c' ? 'c' : String(r[m])));
      expect(pageCells, d.id).toEqual(fromCsv);
      expect(fromApi, d.id).toEqual(fromCsv);
    }
  });

  // Everything the demo funder (one CUP) can ask the real data API about placements.
  const TIME = [null, 'year', 'quarter', 'month'];
  const ATTRS = [null, 'region', 'province', 'gender', 'age_band', 'citizenship', 'contract_type'];
  const COUNTS = ['placements', 'permanent', 'apprenticeship', 'full_time', 'working_time_known'];

  const funderParent: ParentOf = (dim, code) => {
    if (code === TOTAL) return null;
    if (dim === 'time')
      return /^\d{4}-\d{2}$/.test(code)
        ? `${code.slice(0, 4)}-Q${Math.floor((Number(code.slice(5)) - 1) / 3) + 1}`
        : /Q/.test(code)
          ? code.slice(0, 4)
          : TOTAL;
    if (dim === 'territory')
      return /^\d{3}$/.test(code) && regionOf.has(code) ? regionOf.get(code)! : TOTAL;
    return TOTAL;
  };
  const FUNDER_DIMS = ['time', 'territory', 'gender', 'age_band', 'citizenship', 'contract_type'];

  /** Every grouping of a KPI (PL_QUAL unless told) the API offers a funder, as tables for the attacker ('time', 'territory' = region ⊃ province). */
  async function gather(cookie: string, extra = '', kpi = 'PL_QUAL', counts = COUNTS): Promise<Cells[]> {
    const out: Cells[] = [];
    for (const t of TIME)
      for (const a of ATTRS) {
        const by = [t, a].filter(Boolean).join(',');
        const res = await fetch(
          `${s.url}/api/kpi/${kpi}?format=json${by ? `&by=${by}` : ''}${extra}`,
          { headers: { cookie } },
        );
        expect(res.status, by).toBe(200);
        const body = (await res.json()) as { rows: Record<string, string | number | null>[] };
        const dims = [
          ...(t ? ['time'] : []),
          ...(a ? [a === 'region' || a === 'province' ? 'territory' : a] : []),
        ];
        const rows = body.rows.map((r) => ({
          ...r,
          time: t ? r[t] : TOTAL,
          territory: a === 'region' || a === 'province' ? r[a] : TOTAL,
        }));
        out.push({ dims, measures: counts, rows });
      }
    return out;
  }

  it('a funder combining every table, period and attribute the API offers recovers nothing', async () => {
    const seen = await gather(funder);
    const { known, hidden, unpublished, relations } = relationsOf(seen, FUNDER_DIMS, funderParent);
    expect(hidden.size).toBeGreaterThan(0);
    const truthKnown = relationsOf(
      await gather(analyst, '&where=project:F31D23000140007'),
      FUNDER_DIMS,
      funderParent,
    ).known;
    const byValue = propagate(known, relations);
    // Sound on every cell the analyst's view publishes (cells of two attributes at once are never published).
    for (const [k, v] of byValue) if (truthKnown.has(k)) expect(truthKnown.get(k), k).toBe(v);
    expect([...byValue.keys()].filter((k) => hidden.has(k))).toEqual([]);
    expect(
      exactlyDetermined(known, new Set([...hidden, ...unpublished]), relations, solve).filter((k) =>
        hidden.has(k),
      ),
    ).toEqual([]);
    // Rates never sit next to a hidden count.
    for (const c of seen)
      for (const r of c.rows)
        if (COUNTS.some((m) => r[m] === null)) {
          expect(r.stable_share).toBeNull();
          expect(r.full_time_share).toBeNull();
        }
  });

  // Twin measures: the same placements counted as started, observable at 6
  // months and observable at 12 months (PL_QUAL and PL_RET, same cuts).
  const RET_COUNTS = ['ret6', 'ret6_eligible', 'ret12', 'ret12_eligible'];
  const lastMonthIndex = (code: string): number => {
    if (/^\d{4}-\d{2}$/.test(code)) return Number(code.slice(0, 4)) * 12 + Number(code.slice(5)) - 1;
    if (/^\d{4}-Q[1-4]$/.test(code)) return Number(code.slice(0, 4)) * 12 + Number(code.slice(6)) * 3 - 1;
    if (/^\d{4}$/.test(code)) return Number(code) * 12 + 11;
    return Infinity; // all periods together include this month's starts
  };
  /** Identities an attacker reads off the definitions and the published as-of date. */
  function twinsKnown(asOf: string): Twin[] {
    const asOfMonth = Number(asOf.slice(0, 4)) * 12 + Number(asOf.slice(5, 7)) - 1;
    // Every start in the period is at least k months before as_of: the period's last month + k is before as_of's month.
    const mature = (k: number) => (codes: Record<string, string>) => lastMonthIndex(codes.time) + k < asOfMonth;
    return [
      { a: 'placements', b: 'ret6_eligible', holds: mature(6) },
      { a: 'ret6_eligible', b: 'ret12_eligible', holds: mature(12) },
    ];
  }
  /** A contract type's own row: its permanent (apprenticeship) placements are all its placements. */
  const CATEGORY_TWINS: Twin[] = [
    { a: 'placements', b: 'permanent', holds: (c) => c.contract_type === 'permanent' },
    { a: 'placements', b: 'apprenticeship', holds: (c) => c.contract_type === 'apprenticeship' },
  ];

  it('twin measures: PL_RET by year × contract type and PL_QUAL hide the same cells of the same placements', async () => {
    const get = async (kpi: string) =>
      (await (
        await fetch(`${s.url}/api/kpi/${kpi}?format=json&by=year,contract_type`, { headers: { cookie: funder } })
      ).json()) as { rows: Record<string, string | number | null>[]; asOf: string };
    const [qual, ret] = [await get('PL_QUAL'), await get('PL_RET')];
    const row = (rows: Record<string, unknown>[], r: Record<string, unknown>) =>
      rows.find((x) => x.year === r.year && x.contract_type === r.contract_type);
    const mature = twinsKnown(ret.asOf)[1].holds;
    let matureRows = 0;
    let hiddenRows = 0;
    for (const r of ret.rows) {
      const q = row(qual.rows, r);
      expect(q, `${r.year} ${r.contract_type}`).toBeDefined();
      const hidden = [q!.placements, r.ret6_eligible, r.ret12_eligible].map((v) => v === null);
      // One suppression pattern for the population: hidden in all three or in none.
      expect(hidden, `${r.year} ${r.contract_type}`).toEqual(hidden.map(() => hidden[0]));
      if (hidden[0]) hiddenRows++;
      if (mature({ time: String(r.year) })) {
        matureRows++;
        if (!hidden[0]) expect(r.ret12_eligible).toBe(q!.placements);
      }
    }
    expect(matureRows).toBeGreaterThan(0);
    expect(hiddenRows).toBeGreaterThan(0);
  });

  it('a funder combining PL_QUAL and PL_RET, every cut and the twin identities, recovers nothing', async () => {
    const asOf = ((await (
      await fetch(`${s.url}/api/kpi/PL_RET?format=json&by=year`, { headers: { cookie: funder } })
    ).json()) as { asOf: string }).asOf;
    const seen = [...(await gather(funder)), ...(await gather(funder, '', 'PL_RET', RET_COUNTS))];
    const { known, hidden, unpublished, relations } = relationsOf(seen, FUNDER_DIMS, funderParent);
    const twins = twinRelations(seen, FUNDER_DIMS, twinsKnown(asOf));
    expect(twins.length).toBeGreaterThan(0);
    const all = [...relations, ...twins, ...twinRelations(seen, FUNDER_DIMS, CATEGORY_TWINS)];
    // The same cell of twin measures is published in both or hidden in both.
    for (const rel of twins)
      expect(hidden.has(rel.total), `${rel.total} vs ${rel.parts[0]}`).toBe(hidden.has(rel.parts[0]));
    expect([...propagate(known, all).keys()].filter((k) => hidden.has(k))).toEqual([]);
    expect(
      exactlyDetermined(known, new Set([...hidden, ...unpublished]), all, solve).filter((k) => hidden.has(k)),
    ).toEqual([]);
  });

  it('a funder cannot difference periods or combine attributes: such requests are refused', async () => {
    for (const q of [
      'from=2024-01&to=2024-11',
      'from=2024-02&to=2024-04',
      'by=quarter&from=2024-02',
      'by=gender,age_band',
      'by=gender&where=citizenship:IT',
      'where=gender:F|M',
      'by=isced',
      'by=comune',
    ]) {
      const res = await fetch(`${s.url}/api/kpi/PL_QUAL?format=json&${q}`, {
        headers: { cookie: funder },
      });
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code, q).toBe(
        'FUNDER_TABLE',
      );
    }
    // Whole periods are fine, and equal the cells of the period grouping.
    const year = (await (
      await fetch(`${s.url}/api/kpi/PL_QUAL?format=json&from=2024-01&to=2024-12`, {
        headers: { cookie: funder },
      })
    ).json()) as { rows: Record<string, unknown>[] };
    const byYear = (await (
      await fetch(`${s.url}/api/kpi/PL_QUAL?format=json&by=year`, { headers: { cookie: funder } })
    ).json()) as { rows: Record<string, unknown>[] };
    const y2024 = byYear.rows.find((r) => r.year === '2024');
    expect(year.rows[0]?.placements ?? 0).toEqual(y2024?.placements ?? 0);
  });

  it('JSON, Arrow, CSV and the project page carry the same funder cells', async () => {
    const q = 'by=quarter,gender';
    const json = (await (
      await fetch(`${s.url}/api/kpi/PL_QUAL?format=json&${q}`, { headers: { cookie: funder } })
    ).json()) as { rows: Record<string, unknown>[] };
    const arrow = tableFromIPC(
      new Uint8Array(
        await (
          await fetch(`${s.url}/api/kpi/PL_QUAL?${q}`, { headers: { cookie: funder } })
        ).arrayBuffer(),
      ),
    );
    const csv = parseCsv(
      await (
        await fetch(`${s.url}/api/kpi/PL_QUAL.csv?${q}`, { headers: { cookie: funder } })
      ).text(),
      { columns: true, bom: true },
    ) as Record<string, string>[];
    const norm = (v: unknown) =>
      v === null || v === undefined || v === '' ? '' : String(Number(v));
    const cells = (rows: Record<string, unknown>[]) =>
      rows.map((r) => `${r.quarter}|${r.gender}|${COUNTS.map((m) => norm(r[m])).join(',')}`).sort();
    expect(json.rows.some((r) => r.placements === null)).toBe(true);
    expect(cells(arrow.toArray().map((r) => r.toJSON() as Record<string, unknown>))).toEqual(
      cells(json.rows),
    );
    expect(cells(csv)).toEqual(cells(json.rows));
    // The download says why a cell is empty: its flag column holds 'c' exactly where the API's does.
    const flags = (rows: Record<string, unknown>[]) => rows.map((r) => `${r.quarter}|${r.gender}|${String(r.placements_flag ?? '')}`).sort();
    expect(Object.keys(csv[0] ?? {})).toContain('placements_flag');
    expect(flags(csv)).toEqual(flags(json.rows));
    expect(csv.some((r) => r.placements === '' && r.placements_flag === 'c')).toBe(true);
  });
});
