// Disclosure control: small counts suppressed, and every attack we know of
// fails — a row total, two tables sharing a margin, differencing two periods,
// and comparing page, CSV and API. Unit cases on hand-made tables, then the
// published open data of a seeded warehouse.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { tableFromIPC } from 'apache-arrow';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { seedCore } from './seed.ts';
import { attack, type PublishedTable } from './attacker.ts';
import { startServer, type TestServer } from './server.ts';
import { protectTables, resolvePolicy, TOTAL, type CountTable, type Dimension, type OutputRow } from '../../warehouse/disclosure/index.ts';
import { PUBLIC_TABLES, publishOpenData, readPublishedTable } from '../../warehouse/opendata/index.ts';
import { countTable } from '../../warehouse/opendata/tables.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { parse as parseCsv } from 'csv-parse/sync';
import { KPI_LIST } from '../../warehouse/kpi/registry.ts';
import { isFunderKpi } from '../../warehouse/access/scope.ts';
import { protectionUnits } from '../../warehouse/access/protectionUnits.ts';

function flat(name: string, codes: string[]): Dimension {
  const d: Dimension = { name, parent: new Map([[TOTAL, null]]), label: new Map(), level: new Map([[TOTAL, 'total']]) };
  for (const c of codes) {
    d.parent.set(c, TOTAL);
    d.level.set(c, name);
  }
  return d;
}
function periods(quarters: string[]): Dimension {
  const d: Dimension = { name: 'period', parent: new Map(), label: new Map(), level: new Map(), time: true };
  for (const q of quarters) {
    d.parent.set(q.slice(0, 4), null);
    d.level.set(q.slice(0, 4), 'year');
    d.parent.set(q, q.slice(0, 4));
    d.level.set(q, 'quarter');
  }
  return d;
}
const policy = resolvePolicy({ threshold: 5 }, {});
const published = (id: string, rows: OutputRow[], dims: string[], measures: string[]): PublishedTable => ({ id, rows, dims, measures });

/** True values of every cell, for checking what an attacker recovered. */
function truth(table: CountTable, measure: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const leaf of table.leaves) {
    let combos: Record<string, string>[] = [{}];
    for (const d of table.dims) {
      const chain: string[] = [];
      for (let c: string | null | undefined = leaf.codes[d.name]; c != null; c = d.parent.get(c)) chain.push(c);
      combos = combos.flatMap((x) => chain.map((c) => ({ ...x, [d.name]: c })));
    }
    for (const codes of combos) {
      const key = [measure, ...Object.keys(codes).filter((d) => codes[d] !== TOTAL).sort().map((d) => `${d}=${codes[d]}`)].join('|');
      out.set(key, (out.get(key) ?? 0) + (leaf.counts[measure] ?? 0));
    }
  }
  return out;
}

describe('disclosure policy', () => {
  it('never accepts a threshold below 3, and suppresses 1–4 by default', () => {
    expect(() => resolvePolicy({ threshold: 2 }, {})).toThrow(/minimum of 3/);
    expect(() => resolvePolicy({}, { OSSERVATORIO_DISCLOSURE_THRESHOLD: '1' })).toThrow(/minimum/);
    expect(resolvePolicy({}, {}).threshold).toBe(5);
    expect(resolvePolicy({ threshold: 3 }, {}).threshold).toBe(3);
  });
});

describe('populations declared in the registry', () => {
  it('every funder KPI resolves its counts to protection units, twins of PL_QUAL and PL_RET in one', () => {
    for (const d of KPI_LIST.filter((x) => isFunderKpi(x.code, x.dimensions))) {
      const counts = d.measures.filter((m) => m.isCount).map((m) => m.name);
      const units = protectionUnits(d.code, counts);
      // Every count is in exactly one unit of the KPI.
      for (const m of counts)
        expect(units.filter((u) => u.series.some((x) => x.code === d.code && x.measure === m)).length, `${d.code}.${m}`).toBe(1);
    }
    const ids = (code: 'PL_QUAL' | 'PL_RET', m: string) =>
      protectionUnits(code, [m]).flatMap((u) => u.series.map((x) => x.id)).sort();
    expect(ids('PL_QUAL', 'placements')).toEqual(['PL_QUAL:placements', 'PL_RET:ret12_eligible', 'PL_RET:ret6_eligible']);
    expect(ids('PL_RET', 'ret12_eligible')).toEqual(ids('PL_QUAL', 'placements'));
    expect(ids('PL_QUAL', 'permanent')).toEqual(['PL_QUAL:permanent']);
  });
});

describe('publishing', () => {
  it('refuses, with a code and the next step, when the marts were never built', async () => {
    const t = await tempWarehouse();
    try {
      await expect(publishOpenData(t.wh, { openData: join(t.dir, 'open-data') }, { env: {} })).rejects.toMatchObject({
        code: 'OPEN_DATA_NO_MARTS',
        message: expect.stringContaining('osservatorio marts refresh'),
      });
    } finally {
      t.cleanup();
    }
  });
});

describe('protected tables (hand-made)', () => {
  const grid = (cells: Record<string, number>, quarters = ['2025-Q1']): CountTable => ({
    id: 't',
    family: 'f',
    dims: [periods(quarters), flat('territory', ['A', 'B', 'C']), flat('gender', ['F', 'M', 'X'])],
    measures: ['n'],
    leaves: quarters.flatMap((q) =>
      Object.entries(cells).map(([k, n]) => ({ codes: { period: q, territory: k[0], gender: k.slice(1) }, counts: { n } })),
    ),
  });

  it('suppresses a small cell and enough others that no row, column or grand total recovers it', () => {
    const t = grid({ AF: 3, AM: 40, AX: 12, BF: 25, BM: 30, BX: 9, CF: 50, CM: 20, CX: 7 });
    const [out] = protectTables([t], policy);
    const cell = (ter: string, g: string) => out.rows.find((r) => r.period === '2025-Q1' && r.territory === ter && r.gender === g)!;
    expect(cell('A', 'F').n).toBeNull();
    expect(cell('A', 'F').n_flag).toBe('c');
    expect(cell('A', 'M').n_flag === 'c' || cell('A', 'X').n_flag === 'c' || cell('A', TOTAL).n_flag === 'c').toBe(true);
    expect(cell('B', 'M').n).toBe(30);
    expect(cell('B', 'M').n_flag).toBe('');
    const recovered = attack([published('t', out.rows, ['period', 'territory', 'gender'], ['n'])]);
    const truthN = truth(t, 'n');
    for (const [k, v] of recovered) expect(truthN.get(k), `recovered ${k}`).toBe(v); // sanity of the attacker
    const suppressedKeys = out.rows.filter((r) => r.n === null).length;
    expect(suppressedKeys).toBeGreaterThanOrEqual(4);
    expect([...recovered.keys()]).toEqual([]);
  });

  it('publishes zeros and counts at the threshold', () => {
    const t = grid({ AF: 0, AM: 5, AX: 12, BF: 25, BM: 30, BX: 9, CF: 50, CM: 20, CX: 7 });
    const [out] = protectTables([t], policy);
    expect(out.rows.every((r) => r.n !== null)).toBe(true);
  });

  it('defeats differencing across periods: the same pattern in every quarter, and the year cannot unpick it', () => {
    const q = ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'];
    const t = grid({ AF: 30, AM: 40, AX: 12, BF: 25, BM: 30, BX: 9, CF: 50, CM: 20, CX: 17 }, q);
    t.leaves.find((l) => l.codes.period === '2025-Q3' && l.codes.territory === 'B' && l.codes.gender === 'X')!.counts.n = 2;
    const [out] = protectTables([t], policy);
    const pattern = (p: string) =>
      out.rows.filter((r) => r.period === p && r.n === null).map((r) => `${r.territory}/${r.gender}`).sort().join(',');
    expect(pattern('2025-Q3')).toContain('B/X');
    for (const p of q) expect(pattern(p)).toBe(pattern('2025-Q3'));
    expect(attack([published('t', out.rows, ['period', 'territory', 'gender'], ['n'])]).size).toBe(0);
  });

  // Two tables of the same people (by gender, by contract) share the territory margin.
  const family = (people: { t: string; g: string; c: string }[]): [CountTable, CountTable] => {
    const mk = (id: string, dim: string, codes: string[], key: 'g' | 'c'): CountTable => ({
      id,
      family: 'people',
      dims: [periods(['2025-Q1']), flat('territory', ['A', 'B', 'C']), flat(dim, codes)],
      measures: ['n'],
      leaves: people.map((p) => ({ codes: { period: '2025-Q1', territory: p.t, [dim]: p[key] }, counts: { n: 1 } })),
    });
    return [mk('g', 'gender', ['F', 'M'], 'g'), mk('c', 'contract', ['P', 'T', 'S'], 'c')];
  };
  const attackPair = (g: OutputRow[], c: OutputRow[]) =>
    attack([published('g', g, ['period', 'territory', 'gender'], ['n']), published('c', c, ['period', 'territory', 'contract'], ['n'])]);

  it('defeats two tables that share a margin (a case that leaks when each table is protected alone)', () => {
    // Found by the random search below: territory B is safe in each table alone, not together.
    const people = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'security', 'shared-margin-people.json'), 'utf8'));
    const [g, c] = family(people);
    const [sg] = protectTables([g], policy);
    const [sc] = protectTables([c], policy);
    expect(attackPair(sg.rows, sc.rows).size).toBeGreaterThan(0);
    const [jg, jc] = protectTables([g, c], policy);
    const recovered = attackPair(jg.rows, jc.rows);
    expect([...recovered.keys()]).toEqual([]);
  });

  it('defeats shared margins on 300 random populations', () => {
    let seed = 11;
    const r = () => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    let leaksWhenSeparate = 0;
    for (let trial = 0; trial < 300; trial++) {
      const people = Array.from({ length: 10 + Math.floor(r() * 40) }, () => ({
        t: ['A', 'B', 'C'][Math.floor(r() * 3)],
        g: ['F', 'M'][Math.floor(r() * 2)],
        c: ['P', 'T', 'S'][Math.floor(r() * 3)],
      }));
      const [g, c] = family(people);
      const [jg, jc] = protectTables([g, c], policy);
      expect(attackPair(jg.rows, jc.rows).size, JSON.stringify(people)).toBe(0);
      const [sg] = protectTables([g], policy);
      const [sc] = protectTables([c], policy);
      if (attackPair(sg.rows, sc.rows).size) leaksWhenSeparate++;
    }
    expect(leaksWhenSeparate).toBeGreaterThan(0); // the attacker has teeth
  });

  it('suppresses a rate whose numerator or denominator is unsafe', () => {
    const t: CountTable = {
      id: 'v',
      family: 'v',
      dims: [periods(['2025-Q1']), flat('territory', ['A', 'B', 'C'])],
      measures: ['closed', 'filled'],
      rates: [{ name: 'share', numerator: 'filled', denominator: 'closed' }],
      leaves: [
        { codes: { period: '2025-Q1', territory: 'A' }, counts: { closed: 20, filled: 2 } },
        { codes: { period: '2025-Q1', territory: 'B' }, counts: { closed: 30, filled: 15 } },
        { codes: { period: '2025-Q1', territory: 'C' }, counts: { closed: 40, filled: 30 } },
      ],
    };
    const [out] = protectTables([t], policy);
    const a = out.rows.find((r) => r.territory === 'A')!;
    expect(a.filled).toBeNull();
    expect(a.share).toBeNull();
    expect(a.share_flag).toBe('c');
    expect(a.closed).toBe(20);
    const b = out.rows.find((r) => r.territory === 'B')!;
    expect(b.share === null || b.filled === null).toBe(true); // secondary suppression hides B or C too
  });

  it('rounds to base 5 when asked', () => {
    const t = grid({ AF: 7, AM: 41, AX: 12, BF: 25, BM: 33, BX: 9, CF: 50, CM: 22, CX: 8 });
    const [out] = protectTables([t], resolvePolicy({ threshold: 5, roundTo: 5 }, {}));
    for (const r of out.rows) if (r.n !== null) expect(Number(r.n) % 5).toBe(0);
  });
});

describe('published open data', () => {
  let t: TempWarehouse;
  let s: TestServer;
  beforeAll(async () => {
    t = await tempWarehouse();
    await seedCore(t.wh, { seekers: 1500, placements: 1200, vacancies: 800 });
    await refreshMarts(t.wh);
    s = await startServer(t, { demo: true, env: { OSSERVATORIO_SESSION_SECRET: 's'.repeat(48) } });
    await publishOpenData(t.wh, s.services.paths, { env: {} });
  }, 120_000);
  afterAll(async () => {
    await s.close();
    t.cleanup();
  });

  const dimsOf = (id: string) => ['period', 'territory', ...PUBLIC_TABLES.find((d) => d.id === id)!.categories.map((c) => c.name)];
  const measuresOf = (id: string) => PUBLIC_TABLES.find((d) => d.id === id)!.measures.map((m) => m.name);

  it('no suppressed cell of any published table can be recomputed, even combining all tables', async () => {
    const pub = PUBLIC_TABLES.map((d) => published(d.id, readPublishedTable(s.services.paths.openData, d.id)!.rows, dimsOf(d.id), measuresOf(d.id)));
    const anySuppressed = pub.some((p) => p.rows.some((r) => p.measures.some((m) => r[m] === null)));
    expect(anySuppressed).toBe(true);
    const recovered = attack(pub);
    // The attacker is sound: whatever it derives matches the truth.
    const truths = new Map<string, number>();
    for (const d of PUBLIC_TABLES) {
      const ct = await countTable(t.wh, d);
      for (const m of ct.measures) for (const [k, v] of truth(ct, m)) truths.set(k, v);
    }
    for (const [k, v] of recovered) expect(truths.get(k), k).toBe(v);
    expect([...recovered.keys()]).toEqual([]);
    // And no count between 1 and 4 is published anywhere.
    for (const p of pub) for (const r of p.rows) for (const m of p.measures) if (r[m] !== null) expect(Number(r[m]) === 0 || Number(r[m]) >= 5).toBe(true);
  });

  it('page, CSV, JSON API, Arrow API, Parquet and XLSX carry exactly the same cells', async () => {
    for (const d of PUBLIC_TABLES) {
      const page = readPublishedTable(s.services.paths.openData, d.id)!;
      const norm = (v: unknown) => (v === null || v === undefined || v === '' ? '' : String(v));
      const key = (rows: Record<string, unknown>[]) => rows.map((r) => page.columns.map((c) => norm(r[c])).join('|')).sort();
      const expected = key(page.rows);

      const csv = await (await fetch(`${s.url}/open-data/${d.id}.csv`)).text();
      const [header, ...lines] = parseCsv(csv) as string[][];
      expect(header).toEqual(page.columns);
      const csvRows = lines.map((l) => Object.fromEntries(l.map((v, i) => [page.columns[i], v])));
      expect(key(csvRows)).toEqual(expected);

      const api = (await (await fetch(`${s.url}/api/open-data/${d.id}?format=json`)).json()) as { rows: Record<string, unknown>[] };
      expect(key(api.rows)).toEqual(expected);

      const arrow = tableFromIPC(new Uint8Array(await (await fetch(`${s.url}/api/open-data/${d.id}`)).arrayBuffer()));
      expect(key(arrow.toArray().map((r) => r.toJSON() as Record<string, unknown>))).toEqual(expected);

      const parquet = await t.wh.rows(`select * from read_parquet($1)`, [join(s.services.paths.openData, `${d.id}.parquet`)]);
      expect(key(parquet as Record<string, unknown>[])).toEqual(expected);

      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(s.services.paths.openData, `${d.id}.xlsx`));
      const sheet = wb.getWorksheet('dati')!;
      const xrows: Record<string, unknown>[] = [];
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        const vals = (row.values as unknown[]).slice(1);
        xrows.push(Object.fromEntries(page.columns.map((c, i) => [c, vals[i]])));
      });
      expect(key(xrows)).toEqual(expected);
    }
  });

  it('publishes a DCAT-AP_IT catalogue whose checksums match the files', async () => {
    const catalog = (await (await fetch(`${s.url}/open-data/catalog.jsonld`)).json()) as Record<string, unknown>;
    expect(catalog['@type']).toContain('dcatapit:Catalog');
    const datasets = catalog['dcat:dataset'] as Record<string, unknown>[];
    expect(datasets.length).toBe(PUBLIC_TABLES.length);
    const { createHash } = await import('node:crypto');
    for (const ds of datasets) {
      expect(ds['dct:accrualPeriodicity']).toBeTruthy();
      expect((ds['dct:temporal'] as Record<string, unknown>)['dcat:startDate']).toBeTruthy();
      // The seeded data cover a few provinces, not Italy: the coverage lists them and does not claim the country.
      expect(JSON.stringify(ds['dct:spatial'])).toContain('ISTAT:UTS:');
      expect(JSON.stringify(ds['dct:spatial'])).not.toContain('country/ITA');
      for (const dist of ds['dcat:distribution'] as Record<string, unknown>[]) {
        expect((dist['dct:license'] as Record<string, string>)['@id']).toBe('https://creativecommons.org/licenses/by/4.0/');
        const url = (dist['dcat:downloadURL'] as Record<string, string>)['@id'];
        const name = url.slice(url.lastIndexOf('/') + 1);
        const bytes = readFileSync(join(s.services.paths.openData, name));
        const sum = (dist['spdx:checksum'] as Record<string, string>)['spdx:checksumValue'];
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(sum);
      }
    }
    const dict = await (await fetch(`${s.url}/open-data/dictionary.csv`)).text();
    expect(dict.split('\r\n')[0]).toBe('dataset,column,type,description_it,description_en');
    expect(dict).toContain('placements_flag');
  });
});
