// Renders a family of count tables as published rows: every measure's
// suppression pattern (./protect.ts; one shared pattern for the measures of a
// population, ./populationPattern.ts), counts rounded by the policy, rates
// hidden with their numerator or denominator, flag 'c' on every hidden cell.
import { aggregate, cellKey, childrenMap, FLAG_CONFIDENTIAL, NO_EARLIER_RELEASES, suppressionPattern, type CountTable, type Dimension, type EarlierReleases, type OutputRow, type ProtectedTable } from './protect.ts';
import { roundCount, type DisclosurePolicy } from './policy.ts';
import { populationPattern } from './populationPattern.ts';

/**
 * Protects a family of tables jointly and renders each as rows with flags.
 * `earlier` gives, per family, what earlier releases of it hid and published
 * (./protect.ts EarlierReleases): their hidden cells stay hidden.
 */
export function protectTables(
  tables: CountTable[],
  policy: DisclosurePolicy,
  earlier: (family: string) => EarlierReleases = () => NO_EARLIER_RELEASES,
): ProtectedTable[] {
  const byFamily = new Map<string, CountTable[]>();
  for (const t of tables) (byFamily.get(t.family) ?? byFamily.set(t.family, []).get(t.family)!).push(t);
  const patterns = new Map<string, { suppressed: Set<string>; primary: Set<string> }>();
  for (const [family, members] of byFamily) {
    const measures = new Set(members.flatMap((m) => m.measures));
    for (const group of populationsOf(members)) {
      for (const [measure, suppressed] of populationPattern(members, group, policy, earlier(family))) {
        const primary = suppressionPattern(members, measure, policy).primary;
        patterns.set(`${family}\u0000${measure}`, { suppressed, primary });
        measures.delete(measure);
      }
    }
    for (const measure of measures) patterns.set(`${family}\u0000${measure}`, suppressionPattern(members, measure, policy, new Set(), earlier(family)));
  }
  return tables.map((t) => render(t, policy, (m) => patterns.get(`${t.family}\u0000${m}`)!));
}

/** The population groups of a family's tables, merged where they share a measure. */
function populationsOf(tables: CountTable[]): string[][] {
  const groups: Set<string>[] = [];
  for (const t of tables)
    for (const declared of t.populations ?? []) {
      const touching = groups.filter((g) => declared.some((m) => g.has(m)));
      const merged = new Set([...declared, ...touching.flatMap((g) => [...g])]);
      for (const g of touching) groups.splice(groups.indexOf(g), 1);
      groups.push(merged);
    }
  return groups.map((g) => [...g].sort());
}

function render(
  table: CountTable,
  policy: DisclosurePolicy,
  patternOf: (measure: string) => { suppressed: Set<string>; primary: Set<string> },
): ProtectedTable {
  const values = new Map(table.measures.map((m) => [m, aggregate(table, m)]));
  const columns: string[] = [];
  for (const d of table.dims) columns.push(d.name, `${d.name}_label`, `${d.name}_level`);
  for (const m of table.measures) columns.push(m, `${m}_flag`);
  for (const r of table.rates ?? []) columns.push(r.name, `${r.name}_flag`);

  // Full cross product of codes in hierarchy order, zeros included.
  let combos: Record<string, string>[] = [{}];
  for (const d of table.dims) combos = combos.flatMap((c) => [...orderedCodes(d)].map((code) => ({ ...c, [d.name]: code })));

  let suppressed = 0;
  let primary = 0;
  const rows: OutputRow[] = [];
  for (const codes of combos) {
    const row: OutputRow = {};
    for (const d of table.dims) {
      row[d.name] = codes[d.name];
      row[`${d.name}_label`] = d.label.get(codes[d.name]) ?? codes[d.name];
      row[`${d.name}_level`] = d.level.get(codes[d.name]) ?? '';
    }
    const hidden = new Set<string>();
    const raw = new Map<string, number>();
    for (const m of table.measures) {
      const key = cellKey(m, codes);
      const n = values.get(m)!.get(key)?.value ?? 0;
      raw.set(m, n);
      const pattern = patternOf(m);
      if (pattern.suppressed.has(key)) {
        hidden.add(m);
        row[m] = null;
        row[`${m}_flag`] = FLAG_CONFIDENTIAL;
        suppressed++;
        if (pattern.primary.has(key)) primary++;
      } else {
        row[m] = roundCount(n, policy);
        row[`${m}_flag`] = '';
      }
    }
    for (const r of table.rates ?? []) {
      // A rate with an unsafe numerator or denominator would reveal it: suppressed with them.
      if (hidden.has(r.numerator) || hidden.has(r.denominator)) {
        row[r.name] = null;
        row[`${r.name}_flag`] = FLAG_CONFIDENTIAL;
      } else {
        const den = raw.get(r.denominator)!;
        row[r.name] = den > 0 ? Math.round((raw.get(r.numerator)! / den) * 10000) / 10000 : null;
        row[`${r.name}_flag`] = '';
      }
    }
    rows.push(row);
  }
  return { id: table.id, columns, rows, suppressed, primary };
}

/** Codes top-down: each total before its parts, so tables read naturally. */
function orderedCodes(d: Dimension): string[] {
  const kids = childrenMap(d);
  const tops = [...d.parent].filter(([, p]) => p == null).map(([c]) => c);
  const out: string[] = [];
  const walk = (c: string) => {
    out.push(c);
    for (const k of (kids.get(c) ?? []).sort()) walk(k);
  };
  for (const t of tops.sort()) walk(t);
  return out;
}
