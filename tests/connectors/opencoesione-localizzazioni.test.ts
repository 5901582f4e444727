// OpenCoesione localizzazioni: the real excerpt in tests/fixtures/opencoesione
// (see its README) is recognised by its header, loaded whole through the one
// load path, and every place is where the file says — the expected codes and
// counts are recomputed here from the fixture's own cells. Old Sardinian
// codes roll up to today's comuni when read; a file with one unreadable row
// is refused whole with row, column and rule.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorFor, loadPublicFile } from '../../ingest/connectors/loadPublicFile.ts';
import { paddedCode } from '../../ingest/connectors/opencoesioneLocalizzazioni.ts';
import { ingestFile } from '../../ingest/ingestFile.ts';
import { publishedProjectPlaces } from '../../warehouse/programmes/publishedPlaces.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import { FIXTURES, tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

const LOC = join(FIXTURES, 'opencoesione', 'localizzazioni_estratto.csv');
const TODAY = '2025-07-31';

/** The fixture's lines split on `;` (the one quoted cell is an address, after the columns used here). */
function fixtureRows(text = readFileSync(LOC, 'latin1')): string[][] {
  return text
    .split('\r\n')
    .slice(1)
    .filter((l) => l !== '')
    .map((l) => l.split(';'));
}

describe('OpenCoesione localizzazioni', () => {
  let t: TempWarehouse;
  beforeAll(async () => {
    t = await tempWarehouse();
  });
  afterAll(() => t.cleanup());

  it('is recognised by its header, not taken for the project export', async () => {
    expect((await connectorFor(LOC))?.name).toBe('opencoesione_localizzazioni');
    const projects = join(FIXTURES, 'opencoesione', 'progetti_esteso_20250630.csv');
    expect((await connectorFor(projects))?.name).toBe('opencoesione_progetti');
  });

  it('puts back the leading zeros the dictionary fixes, and nothing else', () => {
    expect(paddedCode('72', 3)).toBe('072');
    expect(paddedCode('072', 3)).toBe('072');
    expect(paddedCode('', 3)).toBeNull();
    expect(paddedCode('0072', 3)).toBeUndefined();
    expect(paddedCode('7A', 3)).toBeUndefined();
  });

  it('loads every place of the file, at the level and code the file gives', async () => {
    const rows = fixtureRows();
    const r = await loadPublicFile(t.wh, LOC, { source: 'opencoesione', today: TODAY });
    expect(r!.results.map((x) => [x.feed, x.status, x.rows])).toEqual([
      ['project_places', 'loaded', rows.length],
    ]);
    const byLevel = await t.wh.rows<{ place_level: string; n: bigint }>(
      `select place_level, count(*) as n from core.project_places group by 1 order by 1`,
    );
    const expected: Record<string, number> = {};
    const levelOf = (f: string[]) =>
      ({ C: 'comune', P: 'provincia', R: 'regione', N: 'nazionale' })[f[11]] ??
      (f[1] === '999' ? 'non_localizzato' : 'estero');
    for (const f of rows) expected[levelOf(f)] = (expected[levelOf(f)] ?? 0) + 1;
    expect(Object.fromEntries(byLevel.map((x) => [x.place_level, Number(x.n)]))).toEqual(expected);

    // Comune codes: the province's 3 digits and the comune's 3, as ISTAT writes them.
    const comuni = rows
      .filter((f) => f[11] === 'C')
      .map((f) => `${f[0]}|${f[3].padStart(3, '0')}${f[5].padStart(3, '0')}|${f[6]}`)
      .sort();
    const loaded = await t.wh.rows<{ k: string }>(
      `select local_code || '|' || comune_code || '|' || place_name as k from core.project_places
        where place_level = 'comune' order by 1`,
    );
    expect(loaded.map((x) => x.k)).toEqual(comuni);
    expect(comuni).toContain('4BA12/2018/0753|077014|Matera');
    expect(comuni).toContain('2LIFESR-1-1.1.3-010051D|011015|La Spezia');
  });

  it('places each project in today’s territory: old Sardinian codes roll up', async () => {
    const places = await publishedProjectPlaces(t.wh);
    const multi = places.filter((p) => p.local_code === '1MISEARS01_00254/7');
    // Bologna, Viterbo, Lecce and Sassari as the file lists them; Sassari was 090064 before 2025.
    expect(multi.map((p) => [p.comune, p.region])).toEqual([
      ['037006', '08'],
      ['056059', '12'],
      ['075035', '16'],
      ['112050', '20'],
    ]);
    const cagliari = places.find((p) => p.local_code === '14TOARTLABNET')!;
    expect([cagliari.comune, cagliari.province]).toEqual(['118006', '318']);
    const bari = places.find((p) => p.local_code === '7PUA0101.108')!;
    expect([bari.level, bari.comune, bari.province, bari.region]).toEqual(['provincia', null, '272', '16']);
    const basilicata = places.find((p) => p.local_code === '4BA15/2018/1141')!;
    expect([basilicata.level, basilicata.province, basilicata.region]).toEqual(['regione', null, '17']);
    // No progetti file loaded here: the places are known, the CUP is not.
    expect(places.every((p) => p.cup === null)).toBe(true);
  });

  it('refuses a file with one unreadable row whole, naming row, column and rule', async () => {
    const u = await tempWarehouse();
    try {
      const text = readFileSync(LOC, 'latin1')
        // A comune number that Bari does not have.
        .replace(';16;PUGLIA;72;BARI;6;Bari;', ';16;PUGLIA;72;BARI;999;Bari;')
        // Potenza filed under Puglia.
        .replace(';17;BASILICATA;76;POTENZA;63;', ';16;BASILICATA;76;POTENZA;63;')
        // A level the dictionary does not have.
        .replace(';19126;C;1', ';19126;X;1');
      const bad = join(u.dir, 'localizzazioni_20250630.csv');
      writeFileSync(bad, text, 'latin1');
      const { rowOf } = locate(text);
      const r = await loadPublicFile(u.wh, bad, { source: 'opencoesione', today: TODAY });
      expect(r!.results[0].status).toBe('refused');
      const issues = r!.results[0].errors.map((e) => [e.rule, e.row, e.column]);
      expect(issues).toEqual(
        expect.arrayContaining([
          ['comune_unknown', rowOf(';72;BARI;999;'), 'COD_COMUNE'],
          ['region_mismatch', rowOf(';16;BASILICATA;76;'), 'COD_REGIONE'],
          ['place_level_unknown', rowOf(';X;1'), 'OC_TERRITORIO_PROG'],
        ]),
      );
      expect(issues).toHaveLength(3);
      expect(await u.wh.scalar(`select count(*) from core.project_places`)).toBe(0);
    } finally {
      u.cleanup();
    }
  });

  it('merges a repeated place of a project and says which row', async () => {
    const u = await tempWarehouse();
    try {
      const lines = readFileSync(LOC, 'latin1').split('\r\n');
      const repeated = [...lines, lines[3]].join('\r\n');
      const file = join(u.dir, 'localizzazioni_20250630.csv');
      writeFileSync(file, repeated, 'latin1');
      const r = await loadPublicFile(u.wh, file, { source: 'opencoesione', today: TODAY });
      expect(r!.results[0].status).toBe('loaded');
      expect(r!.results[0].rows).toBe(lines.length - 1);
      expect(r!.notes).toEqual([
        expect.objectContaining({ rule: 'repeated_place_merged', count: 1, row: lines.length + 1 }),
      ]);
      // The publication date comes from the file name.
      expect(await u.wh.scalar(`select distinct strftime(as_of, '%Y-%m-%d') from core.project_places`)).toBe('2025-06-30');
    } finally {
      u.cleanup();
    }
  });

  it('gives a place its project’s CUP when the projects file is loaded too', async () => {
    const u = await tempWarehouse();
    try {
      const projects = join(FIXTURES, 'opencoesione', 'progetti_esteso_20250630.csv');
      expect((await loadPublicFile(u.wh, projects, { source: 'opencoesione', today: TODAY }))!.results.every(
        (x) => x.status === 'loaded',
      )).toBe(true);
      // The real Bologna row of the excerpt, filed under the local code of the
      // (constructed) Insieme per il lavoro project: no real pair of files shares a project.
      const lines = readFileSync(LOC, 'latin1').split('\r\n');
      const bologna = lines.find((l) => l.includes(';37;BOLOGNA;6;Bologna;'))!;
      const file = join(u.dir, 'localizzazioni_20250630.csv');
      writeFileSync(file, [lines[0], bologna.replace('1MISEARS01_00254/7', 'BO4.4.8.1.a')].join('\r\n'), 'latin1');
      expect((await loadPublicFile(u.wh, file, { source: 'opencoesione', today: TODAY }))!.results[0].status).toBe(
        'loaded',
      );
      const places = await publishedProjectPlaces(u.wh, 'BO4.4.8.1.a');
      expect(places.map((p) => [p.cup, p.comune, p.province, p.region])).toEqual([
        ['F31D23000140007', '037006', '237', '08'],
      ]);
    } finally {
      u.cleanup();
    }
  });

  it('goes through `osservatorio ingest` routing: loaded once, the same bytes again a duplicate', async () => {
    const u = await tempWarehouse();
    try {
      const paths = resolveDataPaths({ dataDir: join(u.dir, 'data') });
      const file = join(u.dir, 'localizzazioni_estratto.csv');
      copyFileSync(LOC, file);
      const r = await ingestFile(u.wh, paths, file, { source: 'opencoesione', today: TODAY });
      expect(r.connector).toBe('opencoesione_localizzazioni');
      expect(r.status, JSON.stringify(r.errors)).toBe('loaded');
      copyFileSync(LOC, file);
      expect((await ingestFile(u.wh, paths, file, { source: 'opencoesione', today: TODAY })).status).toBe(
        'duplicate',
      );
    } finally {
      u.cleanup();
    }
  });
});

/** Row number (header = 1) of the first line containing `needle`. */
function locate(text: string): { rowOf(needle: string): number } {
  const lines = text.split('\r\n');
  return {
    rowOf(needle) {
      const i = lines.findIndex((l) => l.includes(needle));
      if (i < 0) throw new Error(`no line contains ${needle}`);
      return i + 1;
    },
  };
}
