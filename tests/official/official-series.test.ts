// Official series loaded as published: the Ministry's quarterly COB regional
// flows and the INAPP Focus GOL tables go in through `ingestFile` (recognised
// by their header, one load path, exactly once), and the figures in
// core.official_series equal the ones computed here from the fixture's own
// bytes — to the unit. The publication's own arithmetic holds too: regions
// plus N.D. make the national total.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/ingestFile.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { COB, cobRows, GOL_1_2, GOL_2_2, golRows } from './fixture.ts';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('official series loaded from real publications', () => {
  let t: TempWarehouse;
  beforeEach(async () => {
    t = await tempWarehouse();
  });
  afterEach(() => t.cleanup());

  const ingest = (file: string) =>
    ingestFile(t.wh, resolveDataPaths({ dataDir: t.dir }), file, {
      source: 'osservatorio',
      keepOriginal: true,
    });

  it('COB regional flows: every figure as published, Basilicata to the unit, regions + N.D. = Totale', async () => {
    const r = await ingest(COB);
    expect(r.status, JSON.stringify(r.errors)).toBe('loaded');
    expect(r.connector).toBe('official:mlps_cob_regionale_trimestrale');
    const rows = cobRows();
    // Three figures (rapporti, lavoratori, rapporti per lavoratore) per published row.
    expect(await t.wh.scalar('select count(*) from core.official_series')).toBe(rows.length * 3);

    const basilicata = rows.find(
      (x) => x.regione === 'Basilicata' && x.anno === '2025' && x.flusso === 'avviamenti',
    )!;
    expect(
      await t.wh.scalar(
        `select value from core.official_series where measure = 'cob_rapporti_attivati' and territory_code = '17' and period = '2025-Q3'`,
      ),
    ).toBe(basilicata.rapporti);

    for (const flusso of ['avviamenti', 'cessazioni'] as const) {
      const measure = flusso === 'avviamenti' ? 'cob_rapporti_attivati' : 'cob_rapporti_cessati';
      for (const anno of ['2024', '2025']) {
        const published = rows.filter((x) => x.flusso === flusso && x.anno === anno);
        const total = published.find((x) => x.regione.startsWith('Totale'))!.rapporti;
        const parts = sum(
          published.filter((x) => !x.regione.startsWith('Totale')).map((x) => x.rapporti),
        );
        expect(parts).toBe(total); // the publication's own arithmetic
        const loaded = await t.wh.one<{ parts: number; total: number }>(
          `select sum(value) filter (where territory_level <> 'italia') as parts,
                  sum(value) filter (where territory_level = 'italia') as total
             from core.official_series where measure = $1 and period = $2`,
          [measure, `${anno}-Q3`],
        );
        expect(loaded).toEqual({ parts, total });
      }
    }
    // The variants real annexes print, each resolved to our territory.
    const territories = await t.wh.rows<{
      source_territory: string;
      territory_level: string;
      territory_code: string;
    }>(
      `select distinct source_territory, territory_level, territory_code from core.official_series
        where source_territory in ('Bolzano/Bolzen', 'Trento', 'Valle d’Aosta/Vallée d’Aoste', 'Emilia Romagna', 'Totale (d)', 'N.D. (c )')
        order by source_territory`,
    );
    expect(territories).toEqual([
      { source_territory: 'Bolzano/Bolzen', territory_level: 'provincia', territory_code: '021' },
      { source_territory: 'Emilia Romagna', territory_level: 'regione', territory_code: '08' },
      { source_territory: 'N.D. (c )', territory_level: 'non_ripartibile', territory_code: 'ND' },
      { source_territory: 'Totale (d)', territory_level: 'italia', territory_code: 'IT' },
      { source_territory: 'Trento', territory_level: 'provincia', territory_code: '022' },
      {
        source_territory: 'Valle d’Aosta/Vallée d’Aoste',
        territory_level: 'regione',
        territory_code: '02',
      },
    ]);
    // The measure catalogue came in the same load and says what adds up.
    expect(
      await t.wh.rows(
        `select measure, additivity from core.official_measures where measure like 'cob_%' order by measure`,
      ),
    ).toEqual([
      { measure: 'cob_lavoratori_attivati', additivity: 'distinct' },
      { measure: 'cob_lavoratori_cessati', additivity: 'distinct' },
      { measure: 'cob_rapporti_attivati', additivity: 'flow' },
      { measure: 'cob_rapporti_cessati', additivity: 'flow' },
      { measure: 'cob_rapporti_per_lavoratore_attivati', additivity: 'ratio' },
      { measure: 'cob_rapporti_per_lavoratore_cessati', additivity: 'ratio' },
    ]);
    // Lineage: the annex each figure comes from, and the load.
    expect(
      await t.wh.scalar(
        `select count(distinct load_id) from core.official_series where publication = 'Allegato-III-Trimestre-CO-2025.xlsx'`,
      ),
    ).toBe(1);
  });

  it('loads a publication exactly once: the same file again is a duplicate and changes nothing', async () => {
    expect((await ingest(COB)).status).toBe('loaded');
    const before = await t.wh.scalar('select count(*) from core.official_series');
    const again = await ingest(COB);
    expect(again.status).toBe('duplicate');
    expect(await t.wh.scalar('select count(*) from core.official_series')).toBe(before);
  });

  it('Focus GOL: prese in carico by region and path, occupati and nuovi occupati, equal the tables', async () => {
    for (const f of [GOL_1_2, GOL_2_2]) {
      const r = await ingest(f);
      expect(r.status, JSON.stringify(r.errors)).toBe('loaded');
      expect(r.connector).toBe('official:inapp_focus_gol_regionale');
    }
    const t12 = golRows(GOL_1_2);
    for (const path of ['1', '2', '3', '4', '5']) {
      const published = t12.filter(
        (x) => x.variabile.startsWith(`${path}_`) && x.variabile.endsWith('_ass'),
      );
      const regions = sum(published.filter((x) => x.etichetta !== 'Totale').map((x) => x.valore));
      const total = published.find((x) => x.etichetta === 'Totale')!.valore;
      const loaded = await t.wh.one<{ regions: number; total: number }>(
        `select sum(value) filter (where territory_level <> 'italia') as regions,
                sum(value) filter (where territory_level = 'italia') as total
           from core.official_series where measure = 'gol_prese_in_carico' and gol_path = $1 and period = '2025-12-31'`,
        [path],
      );
      expect(loaded).toEqual({ regions, total });
    }
    const t22 = golRows(GOL_2_2);
    const basilicata = (v: string) =>
      t22.find((x) => x.etichetta === 'Basilicata' && x.variabile === v && x.percorso === '')!
        .valore;
    for (const [variabile, measure] of [
      ['presi_in_carico', 'gol_individui_presi_in_carico'],
      ['occupati_totale', 'gol_occupati'],
      ['nuovi_occupati', 'gol_nuovi_occupati'],
    ]) {
      expect(
        await t.wh.scalar(
          `select value from core.official_series where measure = $1 and territory_code = '17' and gol_path = '_T'`,
          [measure],
        ),
      ).toBe(basilicata(variabile));
    }
    // National figures by path (dimensione = percorso) are Italy's, by path.
    const byPath = t22.filter(
      (x) => x.dimensione === 'percorso' && x.variabile === 'nuovi_occupati',
    );
    expect(byPath).toHaveLength(4);
    expect(
      await t.wh.scalar(
        `select sum(value) from core.official_series where measure = 'gol_nuovi_occupati' and territory_code = 'IT' and gol_path <> '_T'`,
      ),
    ).toBe(sum(byPath.map((x) => x.valore)));
    expect(
      await t.wh.rows(
        `select distinct source_territory, territory_level, territory_code from core.official_series
          where source_territory in ('P.A. Bolzano', 'P.A. Trento', 'Valle d''Aosta', 'Emilia-Romagna') order by 1`,
      ),
    ).toEqual([
      { source_territory: 'Emilia-Romagna', territory_level: 'regione', territory_code: '08' },
      { source_territory: 'P.A. Bolzano', territory_level: 'provincia', territory_code: '021' },
      { source_territory: 'P.A. Trento', territory_level: 'provincia', territory_code: '022' },
      { source_territory: "Valle d'Aosta", territory_level: 'regione', territory_code: '02' },
    ]);
    // The fixture's bytes are what was loaded: nothing else went in.
    expect(
      await t.wh.scalar('select count(*) from core.official_series where dataset = $1', [
        'inapp_focus_gol_regionale',
      ]),
    ).toBe(t12.length + t22.length);
    expect(readFileSync(GOL_1_2, 'utf8')).toContain('\r\n');
  });
});
