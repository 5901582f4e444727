// Funder views as predefined protected tables. A funder may cut a KPI only
// along a fixed set of tables that all share the margins time × programme ⊃
// project: one table per person attribute (territory region ⊃ province,
// gender, age band, citizenship, contract type), each crossed with the time
// hierarchy (year ⊃ quarter ⊃ month) and the funder's programmes/projects.
// Those tables are protected jointly by the one protected-table step
// (warehouse/disclosure suppressionPattern: threshold, hypercube secondary
// suppression verified by exact linear algebra, the same pattern in every
// period), computed once per mart version and scope — and per population
// for twin counts (./protectionUnits.ts: counts of one population share one
// pattern over every funder KPI that publishes one). Every request is then
// answered cell by cell from that one pattern, so two requests — or a page,
// a CSV and the API — can never be combined to recompute a hidden cell:
// they are all views of the same protected cube. A request whose rows are
// not cells of the cube (two attributes at once, a multi-value filter
// without grouping, a date range that is not a published period) is refused
// with 400 FUNDER_TABLE, fail closed.
import type { Session } from '../db.ts';
import {
  cellKey,
  FLAG_CONFIDENTIAL,
  populationPattern,
  roundCount,
  suppressionPattern,
  TOTAL,
  type CountTable,
  type Dimension,
  type DisclosurePolicy,
} from '../disclosure/index.ts';
import { AccessError } from './errors.ts';
import type { KpiCode, KpiRequest } from '../kpi/types.ts';
import { protectionUnits, type ProtectionUnit, type Series } from './protectionUnits.ts';
import type { ResultRow } from './results.ts';

/** Counts of things that are not people (projects, programmes): no disclosure risk, published as they are. */
export const NON_PERSON_COUNTS: ReadonlySet<string> = new Set(['projects', 'programmes_at_risk']);

const TIME_LEVELS = ['month', 'quarter', 'year'] as const;
const TERRITORY_LEVELS = ['province', 'region'] as const; // finest first
/** Person attributes a funder may cut by (one at a time). */
export const FUNDER_ATTRIBUTES = [
  'territory',
  'gender',
  'age_band',
  'citizenship',
  'contract_type',
] as const;
const SCOPE_DIMS = ['programme', 'project'] as const;
/** The code of a missing value (SDMX "not applicable"), distinct from any real code. */
const MISSING = '_Z';

export const funderTableError = (message: string) =>
  new AccessError(
    400,
    'FUNDER_TABLE',
    `${message} Funder views are predefined tables: group by at most one of time (year/quarter/month), programme/project and one attribute (region or province, gender, age_band, citizenship, contract_type).`,
  );

type Attr = (typeof FUNDER_ATTRIBUTES)[number];

interface CubeShape {
  timeLeaf: (typeof TIME_LEVELS)[number] | null;
  unitDims: string[];
  /** attribute → the dimension the cube's leaves use for it */
  attrs: Map<Attr, string>;
}

function shapeOf(kpiDimensions: readonly string[]): CubeShape {
  const has = (d: string) => kpiDimensions.includes(d);
  const attrs = new Map<Attr, string>();
  const territory = TERRITORY_LEVELS.find(has);
  if (territory) attrs.set('territory', territory);
  for (const a of FUNDER_ATTRIBUTES) if (a !== 'territory' && has(a)) attrs.set(a, a);
  return { timeLeaf: TIME_LEVELS.find(has) ?? null, unitDims: SCOPE_DIMS.filter(has), attrs };
}

const code = (v: unknown): string => (v === null || v === undefined ? MISSING : String(v));
const quarterOf = (month: string) =>
  `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;

function timeParent(c: string): string {
  if (/^\d{4}-\d{2}$/.test(c)) return quarterOf(c);
  if (/^\d{4}-Q[1-4]$/.test(c)) return c.slice(0, 4);
  return TOTAL;
}

/** Period code [first month, last month] of a month/quarter/year code. */
function monthsOf(c: string): [string, string] {
  if (/^\d{4}-\d{2}$/.test(c)) return [c, c];
  if (/^\d{4}-Q[1-4]$/.test(c)) {
    const first = (Number(c.slice(6)) - 1) * 3 + 1;
    const pad = (n: number) => String(n).padStart(2, '0');
    return [`${c.slice(0, 4)}-${pad(first)}`, `${c.slice(0, 4)}-${pad(first + 2)}`];
  }
  return [`${c}-01`, `${c}-12`];
}

function levelOfPeriod(from: string, to: string): string | null {
  if (from === to) return from;
  const q = quarterOf(from);
  if (monthsOf(q)[0] === from && monthsOf(q)[1] === to) return q;
  const y = from.slice(0, 4);
  if (from === `${y}-01` && to === `${y}-12`) return y;
  return null;
}

interface Universe {
  /** The scope's filters (programme/project), as scopeRequest imposes them. */
  filters: Record<string, string[]>;
  /** True for a row of the funder's scope (rowInScope on the universe request). */
  keep(row: ResultRow): boolean;
}

export interface FunderProtectInput {
  db: Session;
  code: string;
  /** The effective (scoped) request whose rows are being returned. */
  request: KpiRequest;
  rows: ResultRow[];
  /** Count columns of the result (isCount), including non-person ones. */
  counts: string[];
  /** Every measure column of the result. */
  measures: string[];
  kpiDimensions: readonly string[];
  universe: Universe;
  query: (db: Session, code: string, request: KpiRequest) => Promise<ResultRow[]>;
  policy: DisclosurePolicy;
  /** Mart version + scope: one pattern per key; null = not cached (no mart version known). */
  cacheKey: string | null;
}

/** The protected cube of one protection unit: hidden cells and true values per series id. */
interface Pattern {
  suppressed: Map<string, Set<string>>;
  values: Map<string, number>;
  programmes: string[];
}

const patternCache = new Map<string, Promise<Pattern>>();
const CACHE_MAX = 200;

/** Protects the rows of a funder's KPI result in place of the rows given; returns the protected rows. */
export async function protectFunderRows(input: FunderProtectInput): Promise<ResultRow[]> {
  const persons = input.counts.filter((c) => !NON_PERSON_COUNTS.has(c));
  if (!persons.length) return input.rows;
  const shape = shapeOf(input.kpiDimensions);
  const mapRow = rowMapper(input.request, shape, input.universe);
  // Map every row first: a request outside the predefined tables is refused before any work.
  for (const r of input.rows) mapRow(r, null);
  // Each count is read from its unit's pattern: twins of one population share it, across KPIs too.
  const seriesOf = new Map<string, Series>();
  const patternOf = new Map<string, Pattern>();
  for (const unit of protectionUnits(input.code as KpiCode, persons)) {
    const p = await unitPattern(input, shape, unit);
    for (const x of unit.series)
      if (x.code === input.code && persons.includes(x.measure)) {
        seriesOf.set(x.measure, x);
        patternOf.set(x.measure, p);
      }
  }
  const others = input.measures.filter((m) => !persons.includes(m) && !NON_PERSON_COUNTS.has(m));
  return input.rows.map((row) => {
    const out: ResultRow = { ...row };
    let hidden = false;
    for (const m of persons) {
      const p = patternOf.get(m)!;
      const codes = mapRow(row, p.programmes);
      const k = cellKey(seriesOf.get(m)!.id, codes);
      const truth = p.values.get(k) ?? 0;
      const given = Number(row[m] ?? 0);
      // The row must be exactly the cube's cell; anything else means the mapping is wrong: refuse.
      if (given !== truth)
        throw new AccessError(
          403,
          'FUNDER_TABLE_MISMATCH',
          'Result row does not match its protected cell: refused (fail closed).',
        );
      if (p.suppressed.get(seriesOf.get(m)!.id)!.has(k)) {
        out[m] = null;
        out[`${m}_flag`] = FLAG_CONFIDENTIAL;
        hidden = true;
      } else {
        out[m] = roundCount(given, input.policy);
        out[`${m}_flag`] = '';
      }
    }
    // Rates, ratios and money per person built on a hidden count would reveal it: hidden with it.
    for (const m of others) {
      if (hidden) {
        out[m] = null;
        out[`${m}_flag`] = FLAG_CONFIDENTIAL;
      }
    }
    return out;
  });
}

/** The unit's pattern, computed once per scope, mart version and policy (cacheKey). */
function unitPattern(input: FunderProtectInput, shape: CubeShape, unit: ProtectionUnit): Promise<Pattern> {
  const key =
    input.cacheKey &&
    `${input.cacheKey}|${unit.key}|${input.policy.threshold}|${input.policy.roundTo ?? ''}`;
  let pattern = key ? patternCache.get(key) : undefined;
  if (!pattern) {
    pattern = buildPattern(input, shape, unit);
    if (key) {
      patternCache.set(key, pattern);
      pattern.catch(() => patternCache.delete(key));
      if (patternCache.size > CACHE_MAX) patternCache.delete(patternCache.keys().next().value!);
    }
  }
  return pattern;
}

/** Builds row → cube codes for one request; throws FUNDER_TABLE when a row cannot be a cell. */
function rowMapper(request: KpiRequest, shape: CubeShape, universe: Universe) {
  const dims = request.dims ?? [];
  const filters: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(request.filters ?? {}))
    filters[k] = Array.isArray(v) ? v : [v];
  const timeDims = dims.filter((d) => (TIME_LEVELS as readonly string[]).includes(d));
  if (timeDims.length > 1) throw funderTableError('Group by one time level only.');
  const attrOf = (d: string): Attr | null =>
    (TERRITORY_LEVELS as readonly string[]).includes(d)
      ? 'territory'
      : (FUNDER_ATTRIBUTES as readonly string[]).includes(d)
        ? (d as Attr)
        : null;
  const known = (d: string) =>
    (TIME_LEVELS as readonly string[]).includes(d) ||
    (SCOPE_DIMS as readonly string[]).includes(d) ||
    attrOf(d) !== null;
  for (const d of [...dims, ...Object.keys(filters)])
    if (!known(d)) throw funderTableError(`'${d}' is not available to funders.`);
  const attrs = new Set(
    [...dims, ...Object.keys(filters)].map(attrOf).filter((a): a is Attr => a !== null),
  );
  if (attrs.size > 1) throw funderTableError('One attribute at a time.');
  const attr = [...attrs][0] ?? null;
  if (attr && !shape.attrs.has(attr))
    throw funderTableError(`'${attr}' is not a dimension of this KPI.`);
  const attrDims = dims.filter((d) => attrOf(d) === attr);
  // A filter on a dimension not grouped by must pin one value (else the row is a sum of cells).
  for (const [d, vs] of Object.entries(filters)) {
    if ((SCOPE_DIMS as readonly string[]).includes(d)) continue;
    const grouped =
      dims.includes(d) ||
      (attrOf(d) === 'territory' && attrDims.length > 0) ||
      ((TIME_LEVELS as readonly string[]).includes(d) && timeDims.length > 0);
    if (!grouped && vs.length !== 1)
      throw funderTableError(`Filter '${d}' takes one value unless you group by it.`);
  }
  // Periods: with a time level, from/to must fall on its boundaries; without, they must be one published period.
  let pinnedTime: string | null = null;
  const { from, to } = request;
  if (timeDims.length) {
    const level = timeDims[0];
    const ok = (m: string | undefined, edge: 0 | 1) =>
      !m ||
      level === 'month' ||
      monthsOf(level === 'quarter' ? quarterOf(m) : m.slice(0, 4))[edge] === m;
    if (!ok(from, 0) || !ok(to, 1))
      throw funderTableError(`from/to must start and end on whole ${level}s.`);
  } else if (from || to) {
    pinnedTime = from && to ? levelOfPeriod(from, to) : null;
    if (!pinnedTime)
      throw funderTableError(
        'Without a time grouping, from/to must span exactly one month, quarter or year.',
      );
  }
  const timeFilter = TIME_LEVELS.find((t) => filters[t]);
  if (!timeDims.length && timeFilter) {
    if (pinnedTime) throw funderTableError('Use either a period filter or from/to.');
    pinnedTime = filters[timeFilter][0];
  }
  const sameSet = (a: string[] | undefined, b: string[] | undefined) =>
    !!a && !!b && a.length === b.length && a.every((x) => b.includes(x));

  return (row: ResultRow, programmes: string[] | null): Record<string, string> => {
    const codes: Record<string, string> = {};
    if (shape.timeLeaf) {
      const t = timeDims.length ? code(row[timeDims[0]]) : (pinnedTime ?? TOTAL);
      if (t !== TOTAL) codes.time = t;
    }
    // The scope unit: a project, a programme, or the whole scope.
    let unit: string = TOTAL;
    const prog =
      row.programme ?? (filters.programme?.length === 1 ? filters.programme[0] : undefined);
    if (
      dims.includes('project') ||
      (filters.project?.length === 1 && !sameSet(filters.project, universe.filters.project))
    ) {
      const cup = dims.includes('project') ? code(row.project) : filters.project![0];
      if (cup === 'none') {
        const p = prog ?? (programmes && programmes.length === 1 ? programmes[0] : undefined);
        if (programmes && !p)
          throw funderTableError(
            'Rows without a project need the programme: group by programme too.',
          );
        unit = `${p ?? '?'}/none`;
      } else unit = cup;
    } else if (filters.project?.length && !sameSet(filters.project, universe.filters.project)) {
      throw funderTableError("Filter 'project' takes one value unless you group by it.");
    } else if (
      dims.includes('programme') ||
      (filters.programme?.length === 1 && !sameSet(filters.programme, universe.filters.programme))
    ) {
      unit = code(dims.includes('programme') ? row.programme : filters.programme![0]);
    } else if (
      filters.programme?.length &&
      !sameSet(filters.programme, universe.filters.programme)
    ) {
      throw funderTableError("Filter 'programme' takes one value unless you group by it.");
    }
    if (unit !== TOTAL) codes.unit = unit;
    if (attr) {
      const grouped = attrDims.length
        ? attr === 'territory'
          ? attrDims.includes('province')
            ? 'province'
            : 'region'
          : attr
        : null;
      const filterDim = Object.keys(filters).find((d) => attrOf(d) === attr)!;
      const c = grouped ? code(row[grouped]) : filters[filterDim][0];
      if (c !== TOTAL) codes[attr] = c;
    }
    return codes;
  };
}

async function buildPattern(
  input: FunderProtectInput,
  shape: CubeShape,
  unit: ProtectionUnit,
): Promise<Pattern> {
  const { db } = input;
  const ids = unit.series.map((x) => x.id);
  const codes = [...new Set(unit.series.map((x) => x.code))];
  const baseDims = [...(shape.timeLeaf ? [shape.timeLeaf] : []), ...shape.unitDims];
  const groups: (Attr | null)[] = shape.attrs.size ? [...shape.attrs.keys()] : [null];
  const tables: CountTable[] = [];
  const programmes = new Set<string>();
  const provinces = new Set<string>();
  const leafSets: { attr: Attr | null; rows: ResultRow[] }[] = [];
  for (const attr of groups) {
    const dims = attr ? [...baseDims, shape.attrs.get(attr)!] : baseDims;
    // One leaf per cube cell, holding the counts of every KPI of the unit (their rows group alike).
    const leaves = new Map<string, ResultRow>();
    for (const kpi of codes) {
      const own = unit.series.filter((x) => x.code === kpi);
      for (const r of await input.query(db, kpi, { dims, filters: input.universe.filters })) {
        if (!input.universe.keep(r)) continue;
        const leafKey = dims.map((d) => code(r[d])).join('\u0000');
        const leaf = leaves.get(leafKey) ?? leaves.set(leafKey, { ...r }).get(leafKey)!;
        for (const x of own) leaf[x.id] = Number(r[x.measure] ?? 0);
      }
    }
    const rows = [...leaves.values()];
    for (const r of rows) if (r.programme != null) programmes.add(String(r.programme));
    if (attr === 'territory' && shape.attrs.get('territory') === 'province')
      for (const r of rows) if (r.province != null) provinces.add(String(r.province));
    leafSets.push({ attr, rows });
  }
  const regionOf = new Map<string, string>();
  if (provinces.size) {
    const refs = await db.rows<{ cod_uts: string; cod_regione: string }>(
      `select cod_uts, cod_regione from ref.provinces where list_contains($1::VARCHAR[], cod_uts)`,
      [JSON.stringify([...provinces])],
    );
    for (const r of refs) regionOf.set(r.cod_uts, r.cod_regione);
  }
  const progList = [...programmes].sort();
  for (const { attr, rows } of leafSets) {
    const dims: Dimension[] = [];
    const leafCodes = (r: ResultRow): Record<string, string> => {
      const codes: Record<string, string> = {};
      if (shape.timeLeaf) codes.time = code(r[shape.timeLeaf]);
      if (shape.unitDims.length) {
        const p = code(r.programme);
        codes.unit = shape.unitDims.includes('project')
          ? code(r.project) === 'none'
            ? `${p}/none`
            : code(r.project)
          : p;
      }
      if (attr) codes[attr] = code(r[shape.attrs.get(attr)!]);
      return codes;
    };
    const time = newDim('time', true);
    const unit = newDim('unit');
    const att = attr ? newDim(attr) : null;
    for (const r of rows) {
      const c = leafCodes(r);
      if (shape.timeLeaf) addChain(time, c.time, (x) => (x === MISSING ? TOTAL : timeParent(x)));
      if (shape.unitDims.length) {
        const p = code(r.programme);
        if (shape.unitDims.includes('project') && c.unit !== p) {
          addChain(unit, c.unit, (x) =>
            x === c.unit ? (shape.unitDims.includes('programme') ? p : TOTAL) : TOTAL,
          );
        } else addChain(unit, c.unit, () => TOTAL);
      }
      if (att && attr) {
        const parentOf = (x: string) =>
          attr === 'territory' && shape.attrs.get('territory') === 'province' && regionOf.has(x)
            ? regionOf.get(x)!
            : TOTAL;
        addChain(att, c[attr], (x) => (x === c[attr] ? parentOf(x) : TOTAL));
      }
    }
    if (shape.timeLeaf) dims.push(time);
    if (shape.unitDims.length) dims.push(unit);
    if (att) dims.push(att);
    tables.push({
      id: attr ?? 'total',
      family: 'funder',
      dims,
      measures: ids,
      leaves: rows.map((r) => ({
        codes: leafCodes(r),
        counts: Object.fromEntries(ids.map((m) => [m, Number(r[m] ?? 0)])),
      })),
    });
  }
  const suppressed = unit.joint
    ? populationPattern(tables, ids, input.policy)
    : new Map(ids.map((m) => [m, suppressionPattern(tables, m, input.policy).suppressed]));
  return { suppressed, values: cellValues(tables, ids), programmes: progList };
}

function newDim(name: string, time = false): Dimension {
  return {
    name,
    parent: new Map([[TOTAL, null]]),
    label: new Map(),
    level: new Map([[TOTAL, 'total']]),
    time,
  };
}

/** Adds a code and its ancestors (parentOf until _T) to a dimension. */
function addChain(dim: Dimension, c: string, parentOf: (x: string) => string): void {
  let x = c;
  while (x !== TOTAL && !dim.parent.has(x)) {
    const p = parentOf(x);
    dim.parent.set(x, p);
    dim.level.set(x, levelName(dim.name, x));
    x = p;
  }
}

function levelName(dim: string, c: string): string {
  if (dim === 'time')
    return /^\d{4}$/.test(c)
      ? 'year'
      : /Q/.test(c)
        ? 'quarter'
        : c === MISSING
          ? 'missing'
          : 'month';
  if (dim === 'unit') return c.includes('/') || /^[A-Z0-9]{15}$/.test(c) ? 'project' : 'programme';
  if (dim === 'territory') return /^\d{2}$/.test(c) ? 'region' : 'province';
  return dim;
}

/** Every cell's value (leaves and all aggregates), keyed as the suppression pattern keys them. */
function cellValues(tables: CountTable[], measures: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of tables) {
    const own = new Map<string, number>();
    for (const leaf of t.leaves) {
      let combos: Record<string, string>[] = [{}];
      for (const d of t.dims) {
        const chain: string[] = [];
        for (let c: string | null | undefined = leaf.codes[d.name]; c != null; c = d.parent.get(c))
          chain.push(c);
        combos = combos.flatMap((x) => chain.map((c) => ({ ...x, [d.name]: c })));
      }
      for (const codes of combos)
        for (const m of measures) {
          const k = cellKey(m, codes);
          own.set(k, (own.get(k) ?? 0) + (leaf.counts[m] ?? 0));
        }
    }
    for (const [k, v] of own) out.set(k, v);
  }
  return out;
}

/** For tests and operators: forget cached patterns (a new mart version changes the key anyway). */
export function clearFunderPatternCache(): void {
  patternCache.clear();
}
