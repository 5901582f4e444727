// Comuni printed by a publication resolve against the warehouse's living
// reference, not the list shipped with the code: a past code or a past
// comune's name leads to today's comune, keeping what the file meant so the
// loader can judge it against the row's period. ISTAT's SDMX series follow the
// same reference. The warehouse holds the real
// 2019 and 2023 Elenco comuni excerpts (tests/fixtures/reference).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchIstatTerritory } from '../../ingest/connectors/territories.ts';
import {
  comuneReference,
  notValidThroughout,
  type ComuneReference,
} from '../../ingest/official/comuneReference.ts';
import { labelKey } from '../../ingest/official/labels.ts';
import {
  ComuneReferenceMissing,
  resolveTerritory,
  type TerritoryRules,
} from '../../ingest/official/territories.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { loadBothLists } from '../reference/comuniLists.ts';

const rules = (by: 'code' | 'name'): TerritoryRules => ({
  by,
  level: 'comune',
  totals: new Set([labelKey('Totale')]),
  notAvailable: new Set(),
  variants: new Map(),
});

describe('comuni of a publication, against the warehouse reference', () => {
  let t: TempWarehouse;
  let shipped: ComuneReference;
  let updated: ComuneReference;
  beforeAll(async () => {
    t = await tempWarehouse();
    shipped = await comuneReference(t.wh);
    await loadBothLists(t);
    updated = await comuneReference(t.wh);
  });
  afterAll(() => t.cleanup());

  it('a comune name shared by two comuni is ambiguous, not the first one found', () => {
    // Two comuni are called Castro (Bergamo and Lecce).
    expect(resolveTerritory('Castro', rules('name'), shipped)).toEqual({
      ok: false,
      reason: 'ambiguous',
    });
  });

  it('a past code leads to the comune of today, keeping the code printed', () => {
    // Tonengo (005110) merged with Moransengo into Moransengo-Tonengo (005122).
    expect(resolveTerritory('005110', rules('code'), updated)).toEqual({
      ok: true,
      territory: { level: 'comune', code: '005122', sourceCode: '005110' },
    });
    // Cagliari before Sardinia's 2025 renumbering, from the shipped crosswalk.
    expect(resolveTerritory('092009', rules('code'), shipped)).toEqual({
      ok: true,
      territory: { level: 'comune', code: '118006', sourceCode: '092009' },
    });
    expect(resolveTerritory('072006', rules('code'), shipped)).toEqual({
      ok: true,
      territory: { level: 'comune', code: '072006', sourceCode: '072006' },
    });
    expect(resolveTerritory('999999', rules('code'), shipped)).toEqual({
      ok: false,
      reason: 'unknown',
    });
  });

  it('a past comune’s name resolves after today’s names, to the comune that holds it', () => {
    expect(resolveTerritory('Tonengo', rules('name'), updated)).toEqual({
      ok: true,
      territory: { level: 'comune', code: '005122', sourceCode: '005110' },
    });
    expect(resolveTerritory('Moransengo-Tonengo', rules('name'), updated)).toEqual({
      ok: true,
      territory: { level: 'comune', code: '005122', sourceCode: '005122' },
    });
  });

  it('the lists loaded say when a code was no comune: before it appeared, after it left', () => {
    // Bardello (012009) is in the 2019 list and not in the 2023 one (2023-11-10).
    const bardello = updated.validity.get('012009')!;
    expect(bardello).toEqual({ validTo: '2023-11-10', absentOn: null });
    expect(notValidThroughout(bardello, '2024-01-01', '2024-12-31')).toBe(true);
    // The merger's legal date lies between the lists: 2023 gets the benefit of the doubt.
    expect(notValidThroughout(bardello, '2023-01-01', '2023-12-31')).toBe(false);
    // Its successor 012144 is not in the 2019 list (2019-04-22).
    const successor = updated.validity.get('012144')!;
    expect(successor).toEqual({ validTo: null, absentOn: '2019-04-22' });
    expect(notValidThroughout(successor, '2019-01-01', '2019-01-01')).toBe(true);
    expect(notValidThroughout(successor, '2019-01-01', '2019-12-31')).toBe(false);
    // With no list loaded, nothing is judged.
    expect(shipped.validity.size).toBe(0);
  });

  it('an ISTAT SDMX series follows the same reference: the comuni of the lists the agency loaded', () => {
    expect(matchIstatTerritory('092009', shipped.todayOf)).toEqual({ level: 'comune', code: '118006' });
    // The 2023 list loaded still numbers Cagliari 092009: for this warehouse that is today's comune.
    expect(matchIstatTerritory('092009', updated.todayOf)).toEqual({ level: 'comune', code: '092009' });
    // Bardello left between the two lists: its code leads to the comune that took it in.
    expect(matchIstatTerritory('012009', updated.todayOf)).toEqual({ level: 'comune', code: '012144' });
  });

  it('a comune-level mapping without the warehouse reference is a caller error, not an unknown comune', () => {
    expect(() => resolveTerritory('072006', rules('code'))).toThrow(ComuneReferenceMissing);
  });
});
