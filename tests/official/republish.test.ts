// What the open-data page may republish: the publications whose mapping
// declares reuse terms, each with its licence and attribution and the figures
// loaded from it, counted here from the fixture's own bytes. A publication
// loaded through a mapping with no reuse terms is in the warehouse but is not
// offered for reuse.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAPPINGS_DIR } from '../../ingest/official/index.ts';
import { republishedDatasets } from '../../warehouse/official/datasets.ts';
import { ingestPublication } from '../helpers/official.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { COB, cobRows, GOL_1_2, golRows } from './fixture.ts';

describe('official publications offered for reuse', () => {
  let t: TempWarehouse;
  beforeEach(async () => {
    t = await tempWarehouse();
  });
  afterEach(() => t.cleanup());

  const ingest = (file: string, mapping?: string) => ingestPublication(t, file, mapping);

  it('lists each shipped publication with its licence, attribution, figures and periods', async () => {
    expect((await ingest(COB)).status).toBe('loaded');
    expect((await ingest(GOL_1_2)).status).toBe('loaded');
    const listed = await republishedDatasets(t.wh);
    expect(listed.map((d) => d.dataset)).toEqual(['inapp_focus_gol_regionale', 'mlps_cob_regionale_trimestrale']);

    const cob = listed.find((d) => d.dataset === 'mlps_cob_regionale_trimestrale')!;
    const rows = cobRows();
    // Three figures (rapporti, lavoratori, media) per published row.
    expect(cob.figures).toBe(rows.length * 3);
    const quarters = rows.map((r) => `${r.anno}-Q${r.trimestre}`).sort();
    expect([cob.first_period, cob.last_period]).toEqual([quarters[0], quarters.at(-1)]);
    expect(cob.period_type).toBe('quarter');
    expect(cob.attribution).toBe('Fonte: Ministero del Lavoro e delle Politiche Sociali – Comunicazioni obbligatorie');
    expect(cob.licence).toMatch(/art\. 52, c\. 2, del Codice dell'amministrazione digitale/);
    expect(cob.latest_publication).toBe('Allegato-III-Trimestre-CO-2025.xlsx');
    expect(cob.measures.map((m) => m.measure)).toEqual([
      'cob_lavoratori_attivati',
      'cob_lavoratori_cessati',
      'cob_rapporti_attivati',
      'cob_rapporti_cessati',
      'cob_rapporti_per_lavoratore_attivati',
      'cob_rapporti_per_lavoratore_cessati',
    ]);

    const gol = listed.find((d) => d.dataset === 'inapp_focus_gol_regionale')!;
    expect(gol.attribution).toBe('Fonte: INAPP, Focus GOL, su dati MLPS – Sistema Informativo Unitario');
    expect(gol.figures).toBe(await t.wh.scalar(`select count(*)::INTEGER from core.official_series where dataset = 'inapp_focus_gol_regionale'`));
    expect(gol.figures).toBeGreaterThan(0);
    expect(gol.figures).toBeLessThanOrEqual(golRows(GOL_1_2).length);
    expect([gol.first_period, gol.last_period]).toEqual(['2025-12-31', '2025-12-31']);
  });

  it('a mapping with no reuse terms loads its figures but does not offer them', async () => {
    const mapping = join(t.dir, 'cob_senza_licenza.yaml');
    const shipped = readFileSync(join(MAPPINGS_DIR, 'mlps_cob_regionale_trimestrale.yaml'), 'utf8');
    writeFileSync(mapping, shipped.slice(0, shipped.indexOf('\nrepublish:')) + '\n');
    expect((await ingest(COB, mapping)).status).toBe('loaded');
    expect(await t.wh.scalar('select count(*)::INTEGER from core.official_series')).toBe(cobRows().length * 3);
    expect(await t.wh.scalar('select republish from core.official_datasets')).toBe(false);
    expect(await republishedDatasets(t.wh)).toEqual([]);
  });
});
