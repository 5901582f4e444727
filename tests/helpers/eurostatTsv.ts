// The two real Eurostat TSV excerpts (tests/fixtures/eurostat/README.md), read
// here independently of the connector: one entry per cell, as printed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './warehouse.ts';

export const EUROSTAT_TSV = join(FIXTURES, 'eurostat', 'tsv');
/** Population by NUTS 3, the old bulk layout: unit,sex,age,geo\time. */
export const POPULATION_TSV = join(EUROSTAT_TSV, 'demo_r_pjanaggr3.tsv');
/** GDP by NUTS 3, today's API layout: freq,unit,geo\TIME_PERIOD. */
export const GDP_TSV = join(EUROSTAT_TSV, 'estat_nama_10r_3gdp.tsv');

export interface TsvCell {
  dims: string[];
  period: string;
  cell: string;
}

export function cellsOf(file: string): { dimIds: string[]; cells: TsvCell[] } {
  const [head, ...rows] = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const [first, ...periods] = head.split('\t');
  const dimIds = first.split('\\')[0].split(',');
  const cells = rows.flatMap((line) => {
    const [key, ...values] = line.split('\t');
    return values.map((cell, k) => ({ dims: key.split(','), period: periods[k].trim(), cell }));
  });
  return { dimIds, cells };
}

/** NUTS 2021 codes of Basilicata and its provinces, as the files print them. */
export const BASILICATA_NUTS: Record<string, string> = { ITF5: 'Basilicata', ITF51: 'Potenza', ITF52: 'Matera' };

export interface LatestSeries {
  area: string;
  sourceTerritory: string;
  unit: string;
  sex: string;
  age: string;
  latest: { period: string; value: number | null };
  yearEarlier: { period: string; value: number | null };
}

/**
 * Each annual series of `file` for the areas named in `areas` (NUTS code →
 * name): its latest period with a figure and the year before, from the cells
 * as printed (`:` is no figure; a flag after the figure is not part of it).
 */
export function latestSeries(file: string, areas: Record<string, string>): LatestSeries[] {
  const { dimIds, cells } = cellsOf(file);
  const geo = dimIds.indexOf('geo');
  const figure = (cell: string | undefined) => {
    const v = cell?.trim().split(' ')[0];
    return v === undefined || v === ':' || v === '' ? null : Number(v);
  };
  const series = new Map<string, { dims: string[]; byPeriod: Map<string, string> }>();
  for (const c of cells.filter((x) => areas[x.dims[geo]])) {
    const key = c.dims.join(',');
    if (!series.has(key)) series.set(key, { dims: c.dims, byPeriod: new Map() });
    series.get(key)!.byPeriod.set(c.period, c.cell);
  }
  return [...series.values()].flatMap(({ dims, byPeriod }) => {
    const latest = [...byPeriod].filter(([, cell]) => figure(cell) !== null).map(([p]) => p).sort().at(-1);
    if (!latest) return [];
    const earlier = String(Number(latest) - 1);
    const dim = (id: string) => (dimIds.includes(id) ? dims[dimIds.indexOf(id)] : '_Z');
    return [
      {
        area: areas[dims[geo]],
        sourceTerritory: dims[geo],
        unit: dim('unit'),
        sex: dim('sex'),
        age: dim('age'),
        latest: { period: latest, value: figure(byPeriod.get(latest)) },
        yearEarlier: { period: earlier, value: figure(byPeriod.get(earlier)) },
      },
    ];
  });
}
