// A comune-level publication printed before the 2023–2024 mergers loads as
// published: ANPR's December 2022 residents name Moransengo and Tonengo,
// Bardello, Bregano and Malgesso one by one, and each comune of today gets the
// sum of its parts, with the printed codes kept. The expected figures are
// computed here from the fixture's bytes and the shipped past-codes file,
// not through the loader. A measure that cannot be made from its parts, or a
// code used after the comuni lists show it gone, refuses the file with rows.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAPPINGS_DIR } from '../../ingest/official/index.ts';
import { readOfficialSeries } from '../../warehouse/official/series.ts';
import { ingestPublication } from '../helpers/official.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { loadBothLists } from '../reference/comuniLists.ts';
import { ANPR, anprRows } from './fixture.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const MAPPING = join(MAPPINGS_DIR, 'anpr_popolazione_residente.yaml');

/** The shipped past codes (warehouse/reference/comuni_past_codes.csv): old code → today's comune. */
function pastCodes(): Map<string, string> {
  const [header, ...lines] = readFileSync(
    join(ROOT, 'warehouse', 'reference', 'comuni_past_codes.csv'),
    'utf8',
  )
    .split('\n')
    .filter(Boolean);
  const h = header.split(',');
  return new Map(
    lines.map((l) => {
      const c = l.split(',');
      return [c[h.indexOf('old_code')], c[h.indexOf('current_code')]];
    }),
  );
}

interface Figure {
  territory_code: string;
  territory_level: string;
  source_territory: string;
  period: string;
  value: number;
}

describe('a comune-level publication printed before mergers', () => {
  let t: TempWarehouse;
  beforeEach(async () => {
    t = await tempWarehouse();
  });
  afterEach(() => t.cleanup());

  const ingest = (file: string, mapping?: string) => ingestPublication(t, file, mapping);

  const figures = () =>
    t.wh.rows<Figure>(
      `select territory_code, territory_level, source_territory, period, value::DOUBLE as value
       from core.official_series where dataset = 'anpr_popolazione_residente' order by territory_code`,
    );

  /** The fixture with every row's year replaced and the rows of `drop` codes left out; row numbers shift. */
  function anprAs(year: string, drop: string[] = []): string {
    const lines = readFileSync(ANPR, 'utf8').split('\n');
    const kept = lines.filter((l, i) => i === 0 || !drop.some((c) => l.includes(`,${c},`)));
    const file = join(t.dir, `popolazione_residente_${year}_export.csv`);
    writeFileSync(
      file,
      kept
        .map((l, i) => (i === 0 || l === '' ? l : l.replace(/^12,2022,/, `12,${year},`)))
        .join('\n'),
    );
    return file;
  }

  it('is recognised by its header, and each comune of today gets the sum of its parts', async () => {
    const r = await ingest(ANPR);
    expect(r.status, JSON.stringify(r.errors)).toBe('loaded');
    const past = pastCodes();
    const expected = new Map<string, { value: number; printed: string[] }>();
    for (const row of anprRows()) {
      const today = past.get(row.code) ?? row.code;
      const e = expected.get(today) ?? { value: 0, printed: [] };
      e.value += row.residenti;
      e.printed.push(row.code);
      expected.set(today, e);
    }
    const loaded = await figures();
    expect(
      loaded.map((f) => [
        f.territory_code,
        f.territory_level,
        f.period,
        f.value,
        f.source_territory,
      ]),
    ).toEqual(
      [...expected]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([code, e]) => [code, 'comune', '2022-12', e.value, e.printed.join(' + ')]),
    );
    // The parts the test names, so a past-codes file that stopped listing them fails here.
    const byCode = new Map(loaded.map((f) => [f.territory_code, f]));
    expect(byCode.get('005122')).toMatchObject({
      value: 183 + 210,
      source_territory: '005079 + 005110',
    });
    expect(byCode.get('012144')?.value).toBe(1605 + 816 + 1220);
    expect(byCode.get('072006')).toMatchObject({ value: 320865, source_territory: '072006' });
    // Read back as the API and downloads serve it, each comune of today is named.
    const served = await readOfficialSeries(t.wh, { dataset: 'anpr_popolazione_residente' });
    expect(served.find((f) => f.territory_code === '005122')?.territory_name).toBe('Moransengo-Tonengo');
    expect(served.every((f) => f.territory_name)).toBe(true);
    // Nobody is lost or counted twice.
    const total = anprRows().reduce((a, row) => a + row.residenti, 0);
    expect(loaded.reduce((a, f) => a + f.value, 0)).toBe(total);
    // The roll-up is reported, never silent: one note with the rows of past codes.
    const note = r.notes?.find((n) => n.rule === 'comune_rolled_up');
    expect(note?.count).toBe(anprRows().filter((row) => past.has(row.code)).length);
  });

  it('a measure that cannot be made from its parts refuses the file at the later parts’ rows', async () => {
    const mapping = join(t.dir, 'anpr_distinct.yaml');
    writeFileSync(
      mapping,
      readFileSync(MAPPING, 'utf8').replace('additivity: stock', 'additivity: distinct'),
    );
    const r = await ingest(ANPR, mapping);
    expect(r.status).toBe('refused');
    // Row 1 is the header; a part is refused when an earlier row already gave its comune of today.
    const past = pastCodes();
    const seen = new Set<string>();
    const later: number[] = [];
    anprRows().forEach((row, i) => {
      const today = past.get(row.code) ?? row.code;
      if (seen.has(today)) later.push(i + 2);
      seen.add(today);
    });
    expect(later.length).toBeGreaterThan(3);
    const issue = r.errors.find((e) => e.rule === 'territory_merged_not_additive');
    expect(issue).toMatchObject({ column: 'COD_ISTAT_COMUNE', row: later[0], count: later.length });
    expect(issue?.rows).toEqual(later.slice(0, 5));
    expect(await t.wh.scalar('select count(*) from core.official_series')).toBe(0);
  });

  it('with the comuni lists loaded, a code is judged by the period: accepted while valid, refused after', async () => {
    await loadBothLists(t);
    // The two list excerpts hold every comune of the fixture but Montemagno.
    const gone = ['012009', '012018', '012095', '005079', '005110']; // in the 2019 list, not in 2023's
    const later = anprAs('2024', ['005077']);
    const refused = await ingest(later);
    expect(refused.status).toBe('refused');
    const expectedRows = readFileSync(later, 'utf8')
      .split('\n')
      .map((l, i) => (gone.some((c) => l.includes(`,${c},`)) ? i + 1 : 0))
      .filter(Boolean);
    expect(refused.errors.map((e) => [e.rule, e.column, e.count, e.rows])).toEqual([
      ['territory_not_valid_at_period', 'COD_ISTAT_COMUNE', 5, expectedRows],
    ]);
    expect(await t.wh.scalar('select count(*) from core.official_series')).toBe(0);

    // As published (2022), the same codes load, rolled up through the lists' variations.
    const r = await ingest(anprAs('2022', ['005077']));
    expect(r.status, JSON.stringify(r.errors)).toBe('loaded');
    const byCode = new Map((await figures()).map((f) => [f.territory_code, f]));
    expect(byCode.get('012144')).toMatchObject({
      value: 1605 + 816 + 1220,
      source_territory: '012009 + 012018 + 012095',
    });
    // The 2024 mergers are still two comuni in the 2023 list: today's codes, as printed.
    expect(byCode.get('013199')).toMatchObject({ value: 1673, source_territory: '013199' });
  });
});
