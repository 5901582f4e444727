// The public tables must be worth downloading: on the demo at scale 1 (five
// provinces, several years, loaded through the one load path) every
// published table shows at least 80 % of its non-zero cells, under the
// default disclosure policy, and its territory total says what it covers.
// The figures come from warehouse/opendata/utility.ts (also quoted in
// docs/open-data.md); the floors below are what the current cuts publish,
// so a change that hides more (a finer cut, a thin category) fails here.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { generateDemo, loadDemo, REFERENCE_DATE } from '../../demo/index.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { PUBLIC_TABLES, publishOpenData, readPublishedTable } from '../../warehouse/opendata/index.ts';
import { countTable, coveredAreaLabel } from '../../warehouse/opendata/tables.ts';
import { measureUtility, type TableUtility } from '../../warehouse/opendata/utility.ts';
import { TOTAL } from '../../warehouse/disclosure/index.ts';

const MIN_PUBLISHED_SHARE = 0.8;
/** Published non-zero cells per table at scale 1 today (the test fails when a table drops below). */
const FLOORS: Record<string, number> = {
  placements_province_quarter_women: 280,
  placements_province_year_contract: 168,
  vacancies_province_year_occupation: 404,
  job_seekers_province_quarter_age: 840,
  job_seekers_province_quarter_citizenship: 496,
};

let t: TempWarehouse;
let openData: string;
const utility = new Map<string, TableUtility>();

beforeAll(async () => {
  t = await tempWarehouse();
  await loadDemo(t.wh, await generateDemo({ dir: join(t.dir, 'demo'), scale: 1 }));
  await refreshMarts(t.wh, { asOf: REFERENCE_DATE });
  openData = join(t.dir, 'open-data');
  await publishOpenData(t.wh, { openData }, { env: {} });
  for (const def of PUBLIC_TABLES) {
    const published = readPublishedTable(openData, def.id);
    if (!published) throw new Error(`${def.id} was not published`);
    utility.set(def.id, measureUtility(await countTable(t.wh, def), published));
  }
  // The numbers docs/open-data.md quotes, for whoever changes a cut.
  console.table([...utility.values()]);
}, 600_000);
afterAll(() => t?.cleanup());

describe('open data at demo scale 1', () => {
  it('has a floor for every public table', () => {
    expect(Object.keys(FLOORS).sort()).toEqual(PUBLIC_TABLES.map((d) => d.id).sort());
  });

  it.each(PUBLIC_TABLES.map((d) => d.id))('%s publishes at least 80 % of its non-zero cells', (id) => {
    const u = utility.get(id)!;
    expect(u.nonZeroCells, id).toBeGreaterThan(0);
    expect(u.publishedShare, id).toBeGreaterThanOrEqual(MIN_PUBLISHED_SHARE);
    expect(u.publishedNonZeroCells, id).toBeGreaterThanOrEqual(FLOORS[id]);
    // Information loss: little of the finest-level count mass is hidden.
    expect(u.suppressedMassShare, id).toBeLessThanOrEqual(0.05);
  });

  it('labels the territory total as the covered area, not Italy, and publishes only whole regions', () => {
    for (const def of PUBLIC_TABLES) {
      const rows = readPublishedTable(openData, def.id)!.rows;
      const totals = new Set(rows.filter((r) => r.territory === TOTAL).map((r) => r.territory_label));
      expect([...totals], def.id).toEqual(['Aree coperte (5 province)']);
      expect(rows.some((r) => r.territory_label === 'Italia'), def.id).toBe(false);
      // Basilicata (Potenza + Matera) is wholly covered; Liguria, Emilia-Romagna
      // and Puglia only in part, so their one province is not called the region.
      const regions = new Set(rows.filter((r) => r.territory_level === 'region').map((r) => r.territory));
      expect([...regions].sort(), def.id).toEqual(['17']);
    }
    const catalog = readFileSync(join(openData, 'catalog.jsonld'), 'utf8');
    expect(catalog).not.toContain('country/ITA');
    expect(catalog).toContain('ISTAT:UTS:076');
  });

  it('calls the total Italy only when every province is covered', () => {
    expect(coveredAreaLabel(107, 107)).toBe('Italia');
    expect(coveredAreaLabel(106, 107)).toBe('Aree coperte (106 province)');
    expect(coveredAreaLabel(1, 107)).toBe('Aree coperte (1 provincia)');
  });
});
