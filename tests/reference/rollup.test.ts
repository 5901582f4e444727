// A feed coded with comune codes valid at an earlier list is accepted and
// counted under today's comune in the marts; a code valid in no list is
// refused as unknown_comune with its row and column.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../ingest/loadFile.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { REFERENCE_DIR } from '../../warehouse/reference/loadReferenceData.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { loadBothLists, variationRows } from './comuniLists.ts';

const OFFICES: [office: string, comune: string][] = [
  ['SED-BARDELLO', '012009'], // Bardello, merged into 012144 between the lists
  ['SED-BREGANO', '012018'], // Bregano, same merger
  ['SED-NUOVO', '012144'], // Bardello con Malgesso e Bregano, today's code
  ['SED-MONTECOPIOLO', '041033'], // Montecopiolo before it moved to Rimini (099030)
  ['SED-MILANO', '015146'], // unchanged
];
const EVENTS: [office: string, date: string][] = [
  ['SED-BARDELLO', '2019-03-12'],
  ['SED-BARDELLO', '2019-05-02'],
  ['SED-BREGANO', '2019-06-20'],
  ['SED-NUOVO', '2023-09-14'],
  ['SED-MONTECOPIOLO', '2020-10-01'],
  ['SED-MILANO', '2023-10-05'],
  ['SED-MILANO', '2023-10-06'],
];

function csv(rows: string[][]): string {
  return rows.map((r) => r.join(',')).join('\n') + '\n';
}

describe('comune roll-up', () => {
  let t: TempWarehouse;
  beforeAll(async () => {
    t = await tempWarehouse();
    await loadBothLists(t);
  });
  afterAll(() => t.cleanup());

  it('accepts pre-merger and pre-move codes and counts them under today’s comune in the marts', async () => {
    const offices = join(t.dir, 'offices_2023.csv');
    writeFileSync(
      offices,
      csv([
        ['office_id', 'name', 'kind', 'comune_code'],
        ...OFFICES.map(([id, c]) => [id, `Sportello ${id}`, 'desk', c]),
      ]),
    );
    const o = await loadFile(t.wh, offices, { source: 'test', today: '2023-11-30' });
    expect(o.status, JSON.stringify(o.errors)).toBe('loaded');
    const events = join(t.dir, 'events_2023.csv');
    writeFileSync(
      events,
      csv([
        ['event_id', 'office_id', 'kind', 'date'],
        ...EVENTS.map(([id, d], i) => [`EV${i}`, id, 'job_fair', d]),
      ]),
    );
    const e = await loadFile(t.wh, events, { source: 'test', today: '2023-11-30' });
    expect(e.status, JSON.stringify(e.errors)).toBe('loaded');

    await refreshMarts(t.wh, { asOf: '2023-11-30' });
    const byComune = await t.wh.rows<{ comune: string; province: string; events: number }>(
      `select comune, province, sum(events)::INTEGER as events from mart.event_hires group by all order by comune`,
    );

    // Expected from the fixtures: each office's code followed through the variations file,
    // Montecopiolo through its codice catastale (041033 → 099030, province 099 Rimini).
    const today = new Map(variationRows().map((v) => [v.oldCode, v.newCode]));
    today.set('041033', '099030');
    const officeComune = new Map(OFFICES.map(([id, c]) => [id, today.get(c) ?? c]));
    const expected = new Map<string, number>();
    for (const [office] of EVENTS) {
      const c = officeComune.get(office)!;
      expected.set(c, (expected.get(c) ?? 0) + 1);
    }
    expect(byComune.map((r) => [r.comune, r.events])).toEqual(
      [...expected].sort(([a], [b]) => a.localeCompare(b)),
    );
    expect(byComune.find((r) => r.comune === '099030')?.province).toBe('099');
    expect(byComune.find((r) => r.comune === '012144')).toMatchObject({
      province: '012',
      events: 4,
    });
    expect(byComune.some((r) => ['012009', '012018', '041033'].includes(r.comune))).toBe(false);
  });

  it('refuses a code valid in no list as unknown_comune with row and column', async () => {
    // 013256 (Uggiate con Ronago) exists only from 2024, after the newest list loaded here.
    const file = join(t.dir, 'offices_unknown.csv');
    writeFileSync(
      file,
      csv([
        ['office_id', 'name', 'kind', 'comune_code'],
        ['SED-A', 'Sportello A', 'desk', '015146'],
        ['SED-B', 'Sportello B', 'desk', '013256'],
        ['SED-C', 'Sportello C', 'desk', '999999'],
      ]),
    );
    const r = await loadFile(t.wh, file, { source: 'test', today: '2023-11-30' });
    expect(r.status).toBe('refused');
    expect(r.errors).toEqual([
      expect.objectContaining({
        rule: 'unknown_comune',
        column: 'comune_code',
        row: 3,
        count: 2,
        rows: [3, 4],
      }),
    ]);
  });
});

describe('comune roll-up with the shipped 2025 crosswalk', () => {
  it('counts an office coded with an old Sardinian code under its 2025 code', async () => {
    const t = await tempWarehouse();
    try {
      // From comuni_crosswalk_2025.csv: Cagliari 092009 → 118006 (Città metropolitana di Cagliari, 318).
      const crosswalk = readFileSync(join(REFERENCE_DIR, 'comuni_crosswalk_2025.csv'), 'utf8')
        .split('\n')
        .find((l) => l.includes('"092009"'))!
        .split(',')
        .map((c) => c.replaceAll('"', ''));
      const [, oldCode, newCode, , , , , , newUts] = crosswalk;
      expect([oldCode, newCode]).toEqual(['092009', '118006']);
      const offices = join(t.dir, 'offices_sardegna.csv');
      writeFileSync(
        offices,
        csv([
          ['office_id', 'name', 'kind', 'comune_code'],
          ['SED-CA', 'Sportello Cagliari', 'desk', oldCode!],
        ]),
      );
      expect((await loadFile(t.wh, offices, { source: 'test', today: '2025-06-30' })).status).toBe(
        'loaded',
      );
      const events = join(t.dir, 'events_sardegna.csv');
      writeFileSync(
        events,
        csv([
          ['event_id', 'office_id', 'kind', 'date'],
          ['EV1', 'SED-CA', 'job_fair', '2025-03-01'],
          ['EV2', 'SED-CA', 'job_fair', '2025-04-01'],
        ]),
      );
      expect((await loadFile(t.wh, events, { source: 'test', today: '2025-06-30' })).status).toBe(
        'loaded',
      );
      await refreshMarts(t.wh, { asOf: '2025-06-30' });
      expect(
        await t.wh.rows(
          `select comune, province, sum(events)::INTEGER as events from mart.event_hires group by all`,
        ),
      ).toEqual([{ comune: newCode, province: newUts, events: 2 }]);
    } finally {
      t.cleanup();
    }
  });
});
