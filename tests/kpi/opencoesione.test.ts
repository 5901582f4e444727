// Real published layout: the OpenCoesione project export fixture
// (tests/fixtures/opencoesione, see its README), loaded through the OpenCoesione
// connector and the one load path, gives payment progress equal to the
// figures in the file: TOT_PAGAMENTI / OC_FINANZ_TOT_PUB_NETTO (admitted).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { loadPublicFile } from '../../ingest/connectors/loadPublicFile.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { queryKpi } from '../../warehouse/kpi/query.ts';

let t: TempWarehouse;
beforeAll(async () => {
  t = await tempWarehouse();
  const r = await loadPublicFile(t.wh, join(FIXTURES, 'opencoesione', 'progetti_esteso_20250630.csv'), {
    source: 'opencoesione',
    today: '2025-06-30',
  });
  expect(r?.results.every((x) => x.status === 'loaded')).toBe(true);
  await refreshMarts(t.wh, { asOf: '2025-06-30' });
}, 60_000);
afterAll(() => t?.cleanup());

describe('SP_PAID on an OpenCoesione export', () => {
  it('paid / admitted per CUP equals the file’s TOT_PAGAMENTI / OC_FINANZ_TOT_PUB_NETTO', async () => {
    const rows = (await queryKpi(t.wh, 'SP_PAID', { dims: ['project'] })).rows;
    const byCup = Object.fromEntries(rows.map((r) => [r.project, r]));
    // F31D23000140007: TOT_PAGAMENTI 605.305,62 / OC_FINANZ_TOT_PUB_NETTO 4.000.000,00
    expect(byCup.F31D23000140007).toMatchObject({ paid: 605_305.62, admitted: 4_000_000 });
    expect(byCup.F31D23000140007.paid_share).toBeCloseTo(605_305.62 / 4_000_000, 12);
    // Z00Z00000000002: 130000,00 / 200000,00 (paid above IMPEGNI 120000,00: loaded with a warning, not corrected)
    expect(byCup.Z00Z00000000002).toMatchObject({ paid: 130_000, admitted: 200_000, paid_share: 0.65 });
    const stages = (await queryKpi(t.wh, 'SP_STAGE', { dims: ['project'], filters: { project: 'F31D23000140007' } })).rows;
    // FINANZ_TOTALE_PUBBLICO 4.000.000,00, IMPEGNI 4.000.000,00
    expect(stages[0]).toMatchObject({ programmed: 4_000_000, legally_committed: 4_000_000, paid: 605_305.62 });
  });
});
