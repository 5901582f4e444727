// The ISTAT/Eurostat context statistics the "Mercato del lavoro" page shows for
// a region: the demo's two real Eurostat excerpts go in through the demo's own
// loader, and every series of Basilicata and its provinces comes back at its
// latest period with a figure, beside the same period a year earlier, equal to
// the cells of the files read here on their own — named, not as bare codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOfficialExcerpts } from '../../demo/official.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import { contextStatistics, ContextStatisticsRequestError } from '../../warehouse/official/contextStatistics.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { BASILICATA_NUTS, GDP_TSV, latestSeries, POPULATION_TSV } from '../helpers/eurostatTsv.ts';

let t: TempWarehouse;
beforeAll(async () => {
  t = await tempWarehouse();
  await loadOfficialExcerpts(t.wh, resolveDataPaths({ dataDir: t.dir }));
});
afterAll(() => t.cleanup());

describe('context statistics of a region', () => {
  it('every series of Basilicata and its provinces, at its latest period and a year earlier, as the files print them', async () => {
    const got = await contextStatistics(t.wh, '17');
    const expected = [
      ...latestSeries(POPULATION_TSV, BASILICATA_NUTS).map((s) => ({ ...s, dataset: 'DEMO_R_PJANAGGR3' })),
      ...latestSeries(GDP_TSV, BASILICATA_NUTS).map((s) => ({ ...s, dataset: 'NAMA_10R_3GDP' })),
    ];
    // Population of both sexes and of women, all ages and 15–64; GDP in three units: 13 series in all.
    expect(expected).toHaveLength(13);
    const key = (s: { sourceTerritory: string; dataset: string; unit: string; sex: string; age: string }) =>
      [s.sourceTerritory, s.dataset, s.unit, s.sex, s.age].join('|');
    expect(
      got.map((s) => ({
        area: s.territoryName,
        sourceTerritory: s.sourceTerritory,
        dataset: s.dataset.code,
        unit: s.unit.code,
        sex: s.sex,
        age: s.age,
        latest: { period: s.latest.period, value: s.latest.value },
        yearEarlier: { period: s.yearEarlier.period, value: s.yearEarlier.value },
      })).sort((a, b) => key(a).localeCompare(key(b))),
    ).toEqual(expected.sort((a, b) => key(a).localeCompare(key(b))));
    // The region first, then its provinces by name; both sexes before women.
    expect([...new Set(got.map((s) => s.territoryName))]).toEqual(['Basilicata', 'Matera', 'Potenza']);
    expect(got.filter((s) => s.territoryName === 'Basilicata' && s.unit.code === 'NR').map((s) => [s.sex, s.age])).toEqual([
      ['T', 'TOTAL'],
      ['T', 'Y15-64'],
      ['F', 'TOTAL'],
    ]);
  });

  it('names every dataset and unit the demo loads, in both languages', async () => {
    for (const s of await contextStatistics(t.wh, '17')) {
      for (const n of [s.dataset, s.indicator, s.unit]) {
        expect(n.it, n.code).toBeTruthy();
        expect(n.en, n.code).toBeTruthy();
      }
      expect(s.breakdown).toEqual([]);
    }
  });

  it('is empty for a region nothing was loaded for, and refuses a code that is not a region', async () => {
    expect(await contextStatistics(t.wh, '16')).toEqual([]);
    await expect(contextStatistics(t.wh, "17' or 1=1")).rejects.toBeInstanceOf(ContextStatisticsRequestError);
  });
});
