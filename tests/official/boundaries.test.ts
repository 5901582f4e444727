// A figure printed on the territories of its own period is filed under
// today's territory only when that is the same territory: a province split
// or formed since is refused, one whose borders moved by a few comuni is kept
// with the flag `b`. A publication recomputed on today's borders says so, and
// is taken at its word.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { boundariesAtPeriod } from '../../ingest/official/boundaries.ts';
import { ingestPublication } from '../helpers/official.ts';
import { DPC as FIXTURE, dpcMapping, dpcRows as rows } from './dpcProvinces.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

const kind = (level: string, code: string, start: string) =>
  boundariesAtPeriod({ level, code }, start).kind;

describe('a territory in a period, against today’s', () => {
  it('a province carved up later, or formed later, is another territory', () => {
    expect(kind('provincia', '215', '2008-10-01')).toBe('reorganised'); // Milano with Monza
    expect(kind('provincia', '108', '2005-01-01')).toBe('reorganised'); // Monza before it existed
    expect(kind('provincia', '044', '2009-01-01')).toBe('reorganised'); // Ascoli Piceno with Fermo
    expect(kind('provincia', '272', '2009-04-01')).toBe('reorganised'); // Bari with Barletta, Andria…
    expect(kind('provincia', '071', '2009-04-01')).toBe('reorganised'); // Foggia with Trinitapoli…
    expect(kind('provincia', '312', '2025-10-01')).toBe('reorganised'); // Sassari with Gallura
  });

  it('comuni moved across the border later: the same territory, borders changed', () => {
    // Busnago, Caponago, Cornate d'Adda, Lentate and Roncello joined Monza on 18 December 2009.
    expect(kind('provincia', '215', '2009-07-01')).toBe('changed');
    expect(kind('provincia', '099', '2020-05-23')).toBe('changed'); // Rimini before Montecopiolo
    expect(kind('provincia', '041', '2021-06-16')).toBe('changed');
    expect(kind('regione', '08', '2021-04-01')).toBe('changed'); // Emilia-Romagna, 2021 Q2
    expect(kind('regione', '05', '2017-10-01')).toBe('changed'); // Veneto with Sappada
  });

  it('from the day of the last change on, or where nothing moved, the same', () => {
    expect(kind('provincia', '215', '2010-01-01')).toBe('same');
    expect(kind('provincia', '099', '2021-06-17')).toBe('same');
    expect(kind('regione', '05', '2018-01-01')).toBe('same');
    // New provinces inside Lombardy never moved the region's border.
    expect(kind('regione', '03', '2005-01-01')).toBe('same');
    expect(kind('provincia', '077', '1995-01-01')).toBe('same'); // Matera
    expect(kind('comune', '015146', '2005-01-01')).toBe('same');
  });
});

/** The Civil Protection's file by name, Sardinia left out, on the borders said. */
const mapping = (boundaries?: 'of_period' | 'current') => dpcMapping('name', true, boundaries);

describe('a publication on the borders of its day', () => {
  let t: TempWarehouse;
  beforeEach(async () => {
    t = await tempWarehouse();
  });
  afterEach(() => t.cleanup());

  async function load(boundaries?: 'of_period' | 'current') {
    const file = join(t.dir, `dpc_${boundaries ?? 'default'}.yaml`);
    writeFileSync(file, mapping(boundaries));
    const r = await ingestPublication(t, FIXTURE, file);
    expect(r.status, JSON.stringify(r.errors)).toBe('loaded');
    return t.wh.rows<{ source_territory: string; value: number; flags: string | null }>(
      `select source_territory, value::DOUBLE as value, flags from core.official_series
        where dataset = 'dpc_casi_provincia' order by source_territory`,
    );
  }

  it('by default: Rimini and Pesaro e Urbino of May 2020 are kept as published, flagged b', async () => {
    const loaded = await load();
    // Expected from the fixture: every province outside Sardinia, as printed.
    const expected = rows
      .filter((r) => r.denominazione_regione !== 'Sardegna' && Number(r.codice_provincia) < 900)
      .map((r) => r.denominazione_provincia)
      .sort();
    expect(loaded.map((r) => r.source_territory)).toEqual(expected);
    expect(loaded.filter((r) => r.flags).map((r) => [r.source_territory, r.flags])).toEqual([
      ['Pesaro e Urbino', 'b'],
      ['Rimini', 'b'],
    ]);
    const rimini = rows.find((r) => r.codice_provincia === '099')!;
    expect(loaded.find((r) => r.source_territory === 'Rimini')!.value).toBe(
      Number(rimini.totale_casi),
    );
  });

  it('a publication said to be on today’s borders gets no flag', async () => {
    const loaded = await load('current');
    expect(loaded.filter((r) => r.flags)).toEqual([]);
    expect(loaded.length).toBe((await load('of_period')).length);
  });
});
