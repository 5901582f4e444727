// Comune codes retired since 1991 (ISTAT's variations file, the 2023–2024
// mergers) are known out of the box: a file coded at its own period loads, and
// the marts count it under the comune that holds the territory today.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchIstatTerritory } from '../../ingest/connectors/territories.ts';
import { loadFile } from '../../ingest/loadFile.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { REFERENCE_DIR } from '../../warehouse/reference/loadReferenceData.ts';
import {
  PAST_CODES_FILES,
  PAST_CODES_PATH,
  PastCodesError,
  pastCodesCsv,
  resolvePastCodes,
  type CodeChange,
} from '../../warehouse/reference/pastComuniCodes.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

function readCsv(file: string, options: { delimiter?: string; encoding?: string } = {}): string[][] {
  const bytes = readFileSync(join(REFERENCE_DIR, file));
  const text = new TextDecoder(options.encoding ?? 'utf-8').decode(bytes);
  return parse(text, { delimiter: options.delimiter ?? ',', relax_quotes: true }) as string[][];
}

const today = new Set(readCsv('comuni.csv').slice(1).map((r) => r[0]!));
const crosswalkOld = new Set(readCsv('comuni_crosswalk_2025.csv').slice(1).map((r) => r[1]!));
const shipped = readCsv('comuni_past_codes.csv');
const pastHeader = shipped[0]!;
const past = new Map(
  shipped.slice(1).map((r) => {
    const row = Object.fromEntries(pastHeader.map((h, i) => [h, r[i]!]));
    return [row.old_code!, row];
  }),
);

describe('shipped past comuni codes', () => {
  it('comuni_past_codes.csv is what the shipped variations files give (npm run reference:past-codes)', () => {
    expect(readFileSync(PAST_CODES_PATH, 'utf8')).toBe(pastCodesCsv());
  });

  it('maps every code to a comune of today, and no code of today or of the 2025 crosswalk', () => {
    expect(past.size).toBeGreaterThan(1000);
    for (const [code, r] of past) {
      expect(today.has(r.current_code!), `${code} → ${r.current_code}`).toBe(true);
      expect(today.has(code) || crosswalkOld.has(code), code).toBe(false);
    }
  });

  it('lists every ES and AP row of ISTAT’s file, unless the code is a comune again', () => {
    // Read here with a plain CSV parse of ISTAT's bytes, not with the loader's reader.
    const rows = readCsv(PAST_CODES_FILES.istat, { delimiter: ';', encoding: 'windows-1252' }).slice(1);
    const leaving = rows.filter((r) => ['ES', 'AP'].includes(r[1]!.trim()));
    expect(leaving.length).toBe(1140);
    // A code comes back when a later row leads to it (Olbia-Tempio's codes, 2016).
    const cameBack = new Set(
      leaving
        .filter((a) => leaving.some((b) => b[8]!.trim() === a[4] && Number(b[0]) > Number(a[0])))
        .map((a) => a[4]!),
    );
    for (const r of leaving) {
      const code = r[4]!;
      if (today.has(code) || crosswalkOld.has(code) || cameBack.has(code)) expect(past.has(code), code).toBe(false);
      else expect(past.has(code), `${code} ${r[5]}`).toBe(true);
    }
    // And every row of our 2023–2024 file.
    for (const [oldCode, newCode] of readCsv(PAST_CODES_FILES.since).slice(1))
      expect(past.get(oldCode!)?.current_code).toBe(newCode);
  });

  it('follows reused codes and chains to today’s comune', () => {
    // Aggius: 090001 (Sassari) → 104001 (Olbia-Tempio, 2006) → 090001 (2016) → 113001 (2025 crosswalk).
    expect(past.get('104001')).toMatchObject({ current_code: '113001', kind: 'province_change', effective: '2016-04-28' });
    expect(past.has('090001')).toBe(false);
    // Torre de' Busi: to Lecco as 097080 in 1992, back to Bergamo as 016215 in 2018.
    expect(past.get('097080')).toMatchObject({ old_name: "Torre de' Busi", current_code: '016215' });
    expect(past.has('016215')).toBe(false);
    // Ronago and Uggiate-Trevano → Uggiate con Ronago (1 January 2024).
    expect(past.get('013199')?.current_code).toBe('013256');
    expect(past.get('013228')?.current_code).toBe('013256');
  });

  it('refuses a chain that ends outside today’s list, naming file, row and code', () => {
    const change = (oldCode: string, newCode: string, at: string, row: number): CodeChange => ({
      oldCode,
      newCode,
      kind: 'merger',
      oldName: null,
      effective: at,
      at,
      file: 'v.csv',
      row,
    });
    expect(() =>
      resolvePastCodes([change('000001', '000002', '2019-01-01', 2)], new Set(['000003']), new Map()),
    ).toThrow(PastCodesError);
    expect(() =>
      resolvePastCodes([change('000001', '000002', '2019-01-01', 2)], new Set(['000003']), new Map()),
    ).toThrow(/v\.csv, row 2: comune 000001 leads to 000002, which is not in today's list/);
    expect(
      resolvePastCodes(
        [change('000001', '000002', '2019-01-01', 2), change('000002', '000003', '2020-01-01', 3)],
        new Set(['000003']),
        new Map(),
      ).map((p) => [p.oldCode, p.currentCode]),
    ).toEqual([
      ['000001', '000003'],
      ['000002', '000003'],
    ]);
  });

  it('matches a retired code in a public series to today’s comune', () => {
    expect(matchIstatTerritory('013199')).toEqual({ level: 'comune', code: '013256' });
    expect(matchIstatTerritory('002001')).toEqual({ level: 'comune', code: '096001' });
  });
});

describe('a feed coded at its own period, with no reference update', () => {
  let t: TempWarehouse;
  beforeAll(async () => {
    t = await tempWarehouse();
  });
  afterAll(() => t.cleanup());

  const csv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n') + '\n';
  // office, its comune code then, the date of an event there; the comune that holds it today
  const OFFICES: [office: string, code: string, date: string, todayCode: string][] = [
    ['SED-RONAGO', '013199', '2023-05-10', '013256'], // merged into Uggiate con Ronago, 2024
    ['SED-AGGIUS', '104001', '2012-03-01', '113001'], // Olbia-Tempio code of 2006–2016
    ['SED-AILOCHE', '002001', '1995-06-01', '096001'], // Vercelli until 1992, then Biella
    ['SED-COMO', '013075', '2023-05-11', '013075'], // unchanged
  ];

  it('loads retired codes and counts them under today’s comune', async () => {
    const offices = join(t.dir, 'offices.csv');
    writeFileSync(
      offices,
      csv([['office_id', 'name', 'kind', 'comune_code'], ...OFFICES.map(([id, c]) => [id, `Sportello ${id}`, 'desk', c])]),
    );
    const o = await loadFile(t.wh, offices, { source: 'test', today: '2025-11-30' });
    expect(o.status, JSON.stringify(o.errors)).toBe('loaded');
    const events = join(t.dir, 'events.csv');
    writeFileSync(
      events,
      csv([['event_id', 'office_id', 'kind', 'date'], ...OFFICES.map(([id, , d], i) => [`EV${i}`, id, 'job_fair', d])]),
    );
    const e = await loadFile(t.wh, events, { source: 'test', today: '2025-11-30' });
    expect(e.status, JSON.stringify(e.errors)).toBe('loaded');

    await refreshMarts(t.wh, { asOf: '2025-11-30' });
    const counted = await t.wh.rows<{ comune: string; events: number }>(
      `select comune, sum(events)::INTEGER as events from mart.event_hires group by all order by comune`,
    );
    expect(counted).toEqual(
      OFFICES.map(([, , , c]) => ({ comune: c, events: 1 })).sort((a, b) => a.comune.localeCompare(b.comune)),
    );
  });

  it('still refuses a code that was never a comune', async () => {
    const file = join(t.dir, 'offices_bad.csv');
    writeFileSync(
      file,
      csv([
        ['office_id', 'name', 'kind', 'comune_code'],
        ['SED-X', 'Sportello X', 'desk', '013999'],
      ]),
    );
    const r = await loadFile(t.wh, file, { source: 'test', today: '2025-11-30' });
    expect(r.status).toBe('refused');
    expect(r.errors).toEqual([expect.objectContaining({ rule: 'unknown_comune', column: 'comune_code', row: 2 })]);
  });
});
