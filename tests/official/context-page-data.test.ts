// What the "Mercato del lavoro" page reads for a region: the demo's official
// excerpts go in through the demo's own loader (the path of `osservatorio
// ingest`), and the figures officialContext hands the page equal the ones
// computed here from the fixture files' bytes — avviamenti, cessazioni and
// saldo for every quarter beside the same quarter a year earlier, and the
// GOL stocks at the one reference date — to the unit, with their publication.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOfficialExcerpts } from '../../demo/official.ts';
import { loadFile } from '../../ingest/loadFile.ts';
import { codeNames } from '../../warehouse/reference/codeNames.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import {
  OfficialContextRequestError,
  officialContext,
} from '../../warehouse/official/context.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { COB, COB_EARLIER, cobRows, GOL_1_1, GOL_1_2, GOL_2_2, golRows } from './fixture.ts';

let t: TempWarehouse;
beforeAll(async () => {
  t = await tempWarehouse();
  const results = await loadOfficialExcerpts(t.wh, resolveDataPaths({ dataDir: t.dir }));
  expect(results.map((r) => r.status)).toEqual(Array(7).fill('loaded'));
});
afterAll(() => t.cleanup());

const published = [
  ...cobRows(readFileSync(COB_EARLIER, 'utf8')),
  ...cobRows(readFileSync(COB, 'utf8')),
];

/** Flows of one region label and quarter, read from the fixture rows. */
function flows(regione: string, anno: number, trimestre: string) {
  const at = (flusso: string) =>
    published.find(
      (r) =>
        r.regione === regione && r.anno === String(anno) && r.trimestre === trimestre && r.flusso === flusso,
    )?.rapporti ?? null;
  const attivati = at('avviamenti');
  const cessati = at('cessazioni');
  return {
    period: `${anno}-Q${trimestre}`,
    attivati,
    cessati,
    saldo: attivati !== null && cessati !== null ? attivati - cessati : null,
  };
}

function expectedCob(regione: string) {
  const quarters = [
    ...new Set(published.filter((r) => r.regione === regione).map((r) => `${r.anno}-${r.trimestre}`)),
  ].sort();
  return quarters.map((q) => {
    const [anno, trimestre] = q.split('-');
    return { current: flows(regione, Number(anno), trimestre), yearEarlier: flows(regione, Number(anno) - 1, trimestre) };
  });
}

function expectedGol(etichetta: string) {
  const t12 = golRows(GOL_1_2).filter((r) => r.dimensione === 'regione' && r.etichetta === etichetta);
  const t22 = golRows(GOL_2_2).filter((r) => r.dimensione === 'regione' && r.etichetta === etichetta);
  const v = (variabile: string) => t22.find((r) => r.variabile === variabile)!.valore;
  // Tabella 1.1's total since the start, at the same reference date: the row over all paths.
  const total = golRows(GOL_1_1).find(
    (r) => r.data === '2025-12-31' && r.etichetta === etichetta && r.variabile === 'totale',
  )!.valore;
  return [
    ['gol_prese_in_carico', '_T', total],
    ...t12
      .filter((r) => r.variabile.endsWith('_ass'))
      .map((r) => ['gol_prese_in_carico', r.variabile[0], r.valore]),
    ['gol_individui_presi_in_carico', '_T', v('presi_in_carico')],
    ['gol_occupati', '_T', v('occupati_totale')],
    ['gol_gia_occupati', '_T', v('gia_occupati')],
    ['gol_nuovi_occupati', '_T', v('nuovi_occupati')],
    ['gol_occupati_quota', '_T', v('occupati_pc')],
  ];
}

describe('the official figures of the "Mercato del lavoro" page', () => {
  for (const [code, regione] of [
    ['17', 'Basilicata'],
    ['16', 'Puglia'],
  ] as const) {
    it(`${regione}: avviamenti, cessazioni and saldo by quarter with the year earlier, to the unit`, async () => {
      const ctx = await officialContext(t.wh, code);
      const expected = expectedCob(regione);
      expect(expected).toHaveLength(8);
      expect(ctx.cob.map((r) => ({ current: r.current, yearEarlier: r.yearEarlier }))).toEqual(expected);
      // The last four quarters each have the same quarter a year earlier, as published.
      expect(ctx.cob.slice(4).every((r) => r.yearEarlier.attivati !== null && r.yearEarlier.cessati !== null)).toBe(true);
      // The first four have none loaded: null, never 0.
      expect(ctx.cob.slice(0, 4).every((r) => r.yearEarlier.attivati === null && r.yearEarlier.saldo === null)).toBe(true);
      for (const r of ctx.cob) {
        expect(r.provenance.source).toBe('mlps');
        expect(r.provenance.publication).toBe('Allegato-III-Trimestre-CO-2025.xlsx');
        expect(r.provenance.flags).toEqual([]);
      }
    });

    it(`${regione}: GOL prese in carico by path and occupati at the one reference date, to the unit`, async () => {
      const ctx = await officialContext(t.wh, code);
      expect(ctx.golDate).toBe('2025-12-31');
      expect(ctx.gol.map((f) => [f.measure, f.gol_path, f.value])).toEqual(expectedGol(regione));
      expect(ctx.gol.every((f) => f.provenance.source === 'inapp')).toBe(true);
      // The publication is the Focus table a figure comes from, by its printed title.
      const titles = [
        ...new Set(
          [...golRows(GOL_1_1), ...golRows(GOL_1_2), ...golRows(GOL_2_2)]
            .filter((r) => r.data === '2025-12-31')
            .map((r) => r.titolo),
        ),
      ].sort();
      expect(titles).toHaveLength(3);
      expect(titles[0]).toMatch(/^Tabella 1\.1 Programma GOL/);
      expect([...new Set(ctx.gol.map((f) => f.provenance.publication))].sort()).toEqual(titles);
      expect(ctx.gol.filter((f) => f.unit !== 'percentuale').every((f) => f.additivity === 'stock')).toBe(true);
    });
  }

  it('a territory without official figures has none, and a malformed code is refused naming it', async () => {
    const ctx = await officialContext(t.wh, '04');
    expect(ctx).toEqual({ territoryCode: '04', cob: [], golDate: null, gol: [], golProvenance: null, golTargets: [], golYears: [] });
    await expect(officialContext(t.wh, "17' or 1=1")).rejects.toThrow(OfficialContextRequestError);
    await expect(officialContext(t.wh, 'x')).rejects.toThrow(/territory 'x'/);
  });

  it('GOL targets: the ones the agency loaded for the region, the first still due at the reference date', async () => {
    // The agency's own records in the contract's targets format; the values
    // are the test's: the regional GOL targets are set by decree, not
    // published as data.
    const file = join(t.dir, 'targets_gol_regioni.csv');
    writeFileSync(
      file,
      [
        'target_id,scope,scope_id,indicator_code,due_date,target_value,unit,kind',
        'GOL-17-2022,territory,17,gol_individui_presi_in_carico,2022-12-31,5000,persone,milestone',
        'GOL-17-2025,territory,17,gol_individui_presi_in_carico,2025-12-31,30000,persone,target',
        'GOL-17-2026,territory,17,gol_individui_presi_in_carico,2026-06-30,35000,persone,target',
        'GOL-17-OCC,territory,17,gol_occupati,2024-12-31,9000,persone,target',
        'GOL-16-2025,territory,16,gol_individui_presi_in_carico,2025-12-31,150000,persone,target',
        'GOL-17-OTHER,territory,17,PL_GOL,2025-12-31,1,persone,target',
      ].join('\n') + '\n',
    );
    const r = await loadFile(t.wh, file, { source: 'test' });
    expect(r.status, JSON.stringify(r.errors)).toBe('loaded');
    const ctx = await officialContext(t.wh, '17');
    expect(ctx.golTargets.map((x) => [x.measure, x.targetId, x.value, x.dueDate, x.kind, x.fileName])).toEqual([
      // Due on the reference date (31/12/2025): still to reach, before the later one.
      ['gol_individui_presi_in_carico', 'GOL-17-2025', 30000, '2025-12-31', 'target', 'targets_gol_regioni.csv'],
      // Only one due before the reference date: the one that should have been reached.
      ['gol_occupati', 'GOL-17-OCC', 9000, '2024-12-31', 'target', 'targets_gol_regioni.csv'],
    ]);
    expect((await officialContext(t.wh, '16')).golTargets.map((x) => x.targetId)).toEqual(['GOL-16-2025']);
    // Where targets are listed (the funders' progress), the indicator is named as the publication names it.
    expect(await codeNames(t.wh, 'indicator', ['gol_individui_presi_in_carico', 'PL_GOL'])).toMatchObject({
      gol_individui_presi_in_carico: { it: expect.stringMatching(/^Individui presi in carico/) },
      PL_GOL: { it: expect.any(String) },
    });
  });
});
