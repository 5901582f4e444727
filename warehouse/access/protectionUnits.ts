// Which count series a funder's KPI counts are protected with. A count that
// declares a population (MeasureDefinition.population) is protected jointly
// with every count of that population in every funder KPI of the same cube —
// one suppression pattern per (population, scope, mart version), so a
// funder putting PL_RET and PL_QUAL side by side finds the same cells hidden
// in both. Counts without a population are protected one by one, on the
// requested KPI alone.
import { KPI_LIST, kpiOrThrow } from '../kpi/registry.ts';
import type { KpiCode } from '../kpi/types.ts';
import { isFunderKpi } from './scope.ts';

/** One count series of the cube: a KPI's count column. */
export interface Series {
  /** Unique id in the unit's tables: `KPI:measure`. */
  id: string;
  code: KpiCode;
  measure: string;
}

export interface ProtectionUnit {
  /** Cache key of the unit's pattern (with the scope and mart version). */
  key: string;
  /** True: one pattern shared by every series; false: a pattern per series. */
  joint: boolean;
  series: Series[];
}

export class PopulationDeclarationError extends Error {
  readonly code = 'KPI_POPULATION_INVALID';
}

const seriesOf = (code: KpiCode, measure: string): Series => ({ id: `${code}:${measure}`, code, measure });
const sameDimensions = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((d) => b.includes(d));

/**
 * Every funder KPI count of `population`, on the cube of `code`. Throws when a
 * KPI declares the population on another cube (different dimensions): the
 * shared pattern needs one cube, so the declaration is wrong.
 */
export function populationSeries(code: KpiCode, population: string): Series[] {
  const own = kpiOrThrow(code);
  const out: Series[] = [];
  for (const def of KPI_LIST) {
    if (!isFunderKpi(def.code, def.dimensions)) continue;
    const members = def.measures.filter((m) => m.isCount && m.population === population);
    if (!members.length) continue;
    if (def.mart !== own.mart || !sameDimensions(def.dimensions, own.dimensions))
      throw new PopulationDeclarationError(
        `${def.code} and ${code} both declare population '${population}' but are not cuts of the same mart and dimensions: give one of them another population name in warehouse/kpi/defs.`,
      );
    for (const m of members) out.push(seriesOf(def.code, m.name));
  }
  return out;
}

/** The protection units of a KPI result's person counts (count column names). */
export function protectionUnits(code: KpiCode, persons: readonly string[]): ProtectionUnit[] {
  const def = kpiOrThrow(code);
  const units = new Map<string, ProtectionUnit>();
  const alone: Series[] = [];
  for (const m of persons) {
    const population = def.measures.find((x) => x.name === m)?.population;
    if (!population) {
      alone.push(seriesOf(code, m));
      continue;
    }
    const key = `population:${population}`;
    if (!units.has(key)) units.set(key, { key, joint: true, series: populationSeries(code, population) });
  }
  if (alone.length)
    units.set(`${code}:${alone.map((s) => s.measure).join(',')}`, {
      key: `${code}:${alone.map((s) => s.measure).join(',')}`,
      joint: false,
      series: alone,
    });
  return [...units.values()];
}
