// One suppression pattern for measures that count the same population.
// Twin measures — the same units counted under nested conditions, e.g.
// placements, placements observable at 6 months, at 12 months — are equal or
// bound one another cell by cell (for a cohort older than a year all three are
// the same number). Protected one by one, each measure picks its own partner
// cells, so a cell hidden in one is published in its twin and read from there,
// and the hidden cell it was protecting is recomputed from the margins. So
// such measures share one pattern: a cell hidden for any of them is hidden
// for all: the pattern starts from every measure's small cells, and every
// measure's secondary suppression is re-run with the hidden cells until no
// measure adds a cell.
import { aggregate, NO_EARLIER_RELEASES, suppressionPattern, type CountTable, type EarlierReleases } from './protect.ts';
import { isUnsafeCount, type DisclosurePolicy } from './policy.ts';

/** The key of a cell without its measure: the same cell of every measure of the group. */
const cellOf = (measure: string, key: string): string => key.slice(measure.length);

/**
 * The joint pattern of `measures` (each a measure of some of `tables`):
 * returns, per measure, the keys of its hidden cells — the same cells for
 * every measure. Each measure's own pattern is safe with the union hidden
 * (hiding more cells never lets a hidden one be recomputed), so the union is
 * safe for every measure, and no published cell of one measure gives away
 * the hidden same cell of its twin.
 */
export function populationPattern(
  tables: CountTable[],
  measures: readonly string[],
  policy: DisclosurePolicy,
  earlier: EarlierReleases = NO_EARLIER_RELEASES,
): Map<string, Set<string>> {
  // Start from every measure's small cells (and what earlier releases hid), so partners are chosen once for all of them.
  const hidden = new Set<string>();
  for (const m of measures) for (const k of earlier.hidden) if (k.startsWith(`${m}|`) || k === m) hidden.add(cellOf(m, k));
  for (const m of measures)
    for (const t of tables)
      if (t.measures.includes(m))
        for (const c of aggregate(t, m).values()) if (isUnsafeCount(c.value, policy)) hidden.add(cellOf(m, c.key));
  for (let round = 0; round < 100; round++) {
    const before = hidden.size;
    for (const m of measures) {
      const seed = new Set([...hidden].map((c) => `${m}${c}`));
      for (const k of suppressionPattern(tables, m, policy, seed, earlier).suppressed) hidden.add(cellOf(m, k));
    }
    if (hidden.size === before) break;
    if (round === 99) throw new Error(`The joint suppression pattern of ${measures.join(', ')} did not settle.`);
  }
  return new Map(measures.map((m) => [m, new Set([...hidden].map((c) => `${m}${c}`))]));
}

