// Releases: publish, revise a late record, publish again. The revision notes
// name the change, release 1's files stay byte-identical, and no hidden cell
// of either release can be recomputed from the pair: the attacker of
// tests/security/attacker.ts sees both releases' published cells, and knows
// (from the true counts) every cell whose value did not change, so a value
// read in one release fills the same unknown in the other.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { seedCore } from '../security/seed.ts';
import { denseDetermined, exactlyDetermined, type Relation } from '../security/attacker.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { PUBLIC_TABLES, publishRelease, readPublishedTable, releaseDir, type ReleaseInfo } from '../../warehouse/opendata/index.ts';
import { countTable } from '../../warehouse/opendata/tables.ts';
import { TOTAL, type OutputRow } from '../../warehouse/disclosure/index.ts';

let t: TempWarehouse;
let openData: string;
let r1: ReleaseInfo;
let r2: ReleaseInfo;
const bytes1 = new Map<string, string>();
const truth = [new Map<string, number>(), new Map<string, number>()];

const key = (m: string, codes: Record<string, string>) => [m, ...Object.keys(codes).filter((d) => codes[d] !== TOTAL).sort().map((d) => `${d}=${codes[d]}`)].join('|');

async function trueCells(into: Map<string, number>) {
  for (const def of PUBLIC_TABLES) {
    const ct = await countTable(t.wh, def);
    for (const leaf of ct.leaves) {
      let combos: Record<string, string>[] = [{}];
      for (const d of ct.dims) {
        const chain: string[] = [];
        for (let c: string | null | undefined = leaf.codes[d.name]; c != null; c = d.parent.get(c)) chain.push(c);
        combos = combos.flatMap((x) => chain.map((c) => ({ ...x, [d.name]: c })));
      }
      for (const codes of combos) for (const m of ct.measures) into.set(key(m, codes), (into.get(key(m, codes)) ?? 0) + (leaf.counts[m] ?? 0));
    }
  }
}

beforeAll(async () => {
  t = await tempWarehouse();
  openData = join(t.dir, 'open-data');
  await seedCore(t.wh, { seekers: 1500, placements: 1200, vacancies: 800 });
  await refreshMarts(t.wh);
  await trueCells(truth[0]);
  r1 = await publishRelease(t.wh, { openData }, { env: {}, now: new Date('2025-10-31T09:00:00Z') });
  for (const f of readdirSync(releaseDir(openData, 1))) bytes1.set(f, readFileSync(join(releaseDir(openData, 1), f), 'latin1'));
  // A late placement in Bari: a copy of one already loaded, under a new id.
  await t.wh.run(
    `insert into core.placements by name
     select * replace ('late-placement-1' as placement_id) from core.placements where comune_code = '072006' order by placement_id limit 1`,
  );
  await refreshMarts(t.wh);
  await trueCells(truth[1]);
  r2 = await publishRelease(t.wh, { openData }, { env: {}, now: new Date('2026-01-15T09:00:00Z') });
}, 300_000);
afterAll(() => t?.cleanup());

describe('releases', () => {
  it('numbers releases, dates them and records them', async () => {
    expect([r1.release, r2.release]).toEqual([1, 2]);
    expect(r1.date).toBe('2025-10-31');
    expect(r1.text.it).toEqual([expect.stringMatching(/^Primo rilascio: dati aggiornati al \d\d\/\d\d\/\d{4}\.$/)]);
    const rows = await t.wh.rows<{ release_no: number }>(`select release_no from ops.open_data_releases order by 1`);
    expect(rows.map((r) => Number(r.release_no))).toEqual([1, 2]);
  });

  it('revision notes name the change', () => {
    const changed = r2.notes.tables.flatMap((x) => x.changed.map((c) => ({ table: x.id, ...c })));
    const hidden = r2.notes.tables.flatMap((x) => x.newlySuppressed);
    expect(changed.length + hidden.length).toBeGreaterThan(0);
    // The total of the covered area grows by exactly the one late placement where it is published.
    const total = changed.find((c) => c.table === 'placements_province_quarter_women' && c.measure === 'placements' && c.labels[0].startsWith('Aree coperte') && /^\d{4}$/.test(c.period));
    expect(total, JSON.stringify(changed.slice(0, 5))).toBeDefined();
    expect(total!.to! - total!.from!).toBe(1);
    expect(r2.text.it.join(' ')).toContain('Rispetto al rilascio 1');
    expect(r2.text.it.join(' ')).toMatch(/cell[ae] rivist[ae]/);
    expect(r2.text.it.join(' ')).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it("leaves release 1's files byte-identical", () => {
    for (const [f, b] of bytes1) expect(readFileSync(join(releaseDir(openData, 1), f), 'latin1') === b, f).toBe(true);
  });

  it('keeps every cell hidden in release 1 hidden in release 2', () => {
    for (const def of PUBLIC_TABLES) {
      const a = readPublishedTable(openData, def.id, 1)!;
      const b = readPublishedTable(openData, def.id, 2)!;
      const dims = a.columns.filter((c) => a.columns.includes(`${c}_level`));
      const idx = new Map(b.rows.map((r) => [dims.map((d) => r[d]).join('|'), r]));
      for (const r of a.rows)
        for (const m of def.measures) if (r[m.name] === null) expect(idx.get(dims.map((d) => r[d]).join('|'))?.[m.name], `${def.id} ${m.name}`).toBeNull();
    }
  });

  it('no hidden cell of either release is recoverable from the pair', () => {
    // Variables: each release's hidden cells, tagged by release; an unchanged cell is one variable in both.
    const known = new Map<string, number>();
    const hidden = new Set<string>();
    const relations: Relation[] = [];
    const tag = (rel: number, k: string) => (truth[0].get(k) === truth[1].get(k) ? k : `r${rel}:${k}`);
    [1, 2].forEach((rel) => {
      for (const def of PUBLIC_TABLES) {
        const tb = readPublishedTable(openData, def.id, rel)!;
        const dims = tb.columns.filter((c) => tb.columns.includes(`${c}_level`));
        const codesOf = (r: OutputRow) => Object.fromEntries(dims.map((d) => [d, String(r[d])]));
        for (const m of def.measures) {
          for (const r of tb.rows) {
            const k = tag(rel, key(m.name, codesOf(r)));
            if (r[m.name] === null) hidden.add(k);
            else known.set(k, Number(r[m.name]));
          }
          // Totals: _T over its parts, a year over its quarters.
          for (const r of tb.rows)
            for (const d of dims) {
              const code = String(r[d]);
              const kids =
                d === 'period' && /^\d{4}$/.test(code)
                  ? [...new Set(tb.rows.map((x) => String(x.period)).filter((p) => p.startsWith(`${code}-Q`)))]
                  : code === TOTAL
                    ? [...new Set(tb.rows.filter((x) => x[`${d}_level`] !== 'region').map((x) => String(x[d])).filter((c) => c !== TOTAL))]
                    : [];
              if (!kids.length) continue;
              relations.push({ total: tag(rel, key(m.name, codesOf(r))), parts: kids.map((c) => tag(rel, key(m.name, { ...codesOf(r), [d]: c }))) });
            }
        }
      }
    });
    for (const k of hidden) if (known.has(k)) hidden.delete(k);
    // Move known values out: exactlyDetermined keeps only hidden variables.
    const determined = exactlyDetermined(known, hidden, relations, (rows) => denseDetermined(rows, hidden.size));
    expect(hidden.size).toBeGreaterThan(0);
    expect(determined).toEqual([]);
  });
});
