// Targets of an area that has none of its own, rolled up from the targets of
// the places inside it (e.g. "all territories" from the provinces' targets).
//
// Only where adding up is meaningful:
// - a count target: the places' expected values and targets are summed;
// - a rate target: never averaged. Each place's expected rate times its own
//   denominator in the quarter assessed is the number of cases it should
//   have (e.g. placed people); those numbers are summed and divided by the
//   summed denominators. The actual rate is recomputed the same way, from
//   the summed numerators and denominators of the places with a target.
// Places with data but no target are left out of both sides and named, so
// the status is about the part of the area that has targets.
import type { KpiTarget } from '../../../../warehouse/kpi/targets.ts';
import type { TerritoryTree } from '../../../../warehouse/kpi/territories.ts';
import { expectedAt, pickTarget, statusOf, TERRITORY_PATH_START, type Status, type Thresholds } from './targets.ts';
import type { Place, TerritoryLevel } from './territory.ts';

/** One place's value in the quarter assessed (for a rate, its numerator and denominator). */
export interface PlaceCounts {
  code: string;
  value: number | null;
  num: number | null;
  den: number | null;
}

export interface RollUpInput {
  kpi: string;
  kind: 'rate' | 'count';
  places: readonly PlaceCounts[];
  targets: readonly KpiTarget[];
  /** Date the values refer to (end of the quarter, or the as-of date if earlier). */
  date: string;
  higherIsBetter: boolean;
  thresholds: Thresholds;
}

export interface RolledUpAssessment {
  /** Places whose targets were rolled up, with each one's expected value and weight (its denominator; 1 for a count). */
  covered: { code: string; target: KpiTarget; expected: number; weight: number }[];
  /** Places with data in the quarter but no target: outside the roll-up. */
  uncovered: string[];
  targetValue: number;
  /** Null when a covered target has no baseline. */
  baseline: number | null;
  /** Due dates of the targets rolled up (one when they agree). */
  dueDates: string[];
  date: string;
  expected: number;
  actual: number;
  /** Summed numerator and denominator of the covered places (rates only). */
  num: number | null;
  den: number | null;
  status: Status;
  ratio: number | null;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Rolls the places' targets up to the area; null when no place with data has a target. */
export function rollUpTargets(input: RollUpInput): RolledUpAssessment | null {
  const covered: RolledUpAssessment['covered'] = [];
  const uncovered: string[] = [];
  let num = 0;
  let den = 0;
  let actualSum = 0;
  const targetsAt: number[] = [];
  const baselines: (number | null)[] = [];
  for (const p of input.places) {
    const has = input.kind === 'rate' ? p.den !== null && p.den > 0 && p.num !== null : p.value !== null;
    if (!has) continue;
    const target = pickTarget([...input.targets], input.kpi, 'territory', p.code, input.date);
    if (!target) {
      uncovered.push(p.code);
      continue;
    }
    const start = target.start ?? TERRITORY_PATH_START;
    const expected = expectedAt({ ...target, start }, input.date);
    const weight = input.kind === 'rate' ? p.den! : 1;
    covered.push({ code: p.code, target, expected, weight });
    targetsAt.push(target.targetValue * weight);
    baselines.push(target.baseline === null ? null : target.baseline * weight);
    if (input.kind === 'rate') {
      num += p.num!;
      den += p.den!;
    } else actualSum += p.value!;
  }
  if (!covered.length) return null;
  const totalWeight = sum(covered.map((c) => c.weight));
  const per = (x: number) => (input.kind === 'rate' ? x / totalWeight : x);
  const expected = per(sum(covered.map((c) => c.expected * c.weight)));
  const actual = input.kind === 'rate' ? num / den : actualSum;
  return {
    covered,
    uncovered,
    targetValue: per(sum(targetsAt)),
    baseline: baselines.some((b) => b === null) ? null : per(sum(baselines as number[])),
    dueDates: [...new Set(covered.map((c) => c.target.dueDate))].sort(),
    date: input.date,
    expected,
    actual,
    num: input.kind === 'rate' ? num : null,
    den: input.kind === 'rate' ? den : null,
    ...statusOf(actual, expected, input.higherIsBetter, input.thresholds),
  };
}

/** Levels a roll-up may come from, below the chosen place (offices only within a province or above). */
const BELOW: Record<TerritoryLevel | 'all', TerritoryLevel[]> = {
  all: ['region', 'province', 'office'],
  region: ['province', 'office'],
  province: ['office'],
  comune: [],
  office: [],
};

/** The places of `level` inside `area` (null: everywhere), from the territory tree. */
export function placesInside(tree: TerritoryTree, level: TerritoryLevel, area: Place | null): { code: string; name: string }[] {
  const inArea = (p: { region?: string; province?: string }) =>
    !area || (area.level === 'region' && p.region === area.code) || (area.level === 'province' && p.province === area.code);
  if (level === 'region') return area ? [] : tree.regions;
  if (level === 'province') return tree.provinces.filter((p) => inArea({ region: p.region }));
  if (level === 'office') return tree.offices.filter(inArea);
  return [];
}

/**
 * The level whose targets are rolled up to `area`: the first level below it
 * (region, then province, then office) that the KPI can be cut by and where
 * some place inside the area has a target for the KPI; null when none has.
 */
export function rollUpLevel(
  tree: TerritoryTree,
  area: Place | null,
  kpi: string,
  kpiDims: readonly string[],
  targets: readonly KpiTarget[],
): { level: TerritoryLevel; places: { code: string; name: string }[] } | null {
  for (const level of BELOW[area?.level ?? 'all']) {
    if (!kpiDims.includes(level)) continue;
    const places = placesInside(tree, level, area);
    const codes = new Set(places.map((p) => p.code));
    if (targets.some((t) => t.kpi === kpi && t.scope === 'territory' && codes.has(t.scopeId))) return { level, places };
  }
  return null;
}
