// The overview's tiles, each read through the page data's readKpi (the
// authorization layer, then the KPI query layer): a rate with the counts
// behind it, or a volume; the last complete quarter, its change against the
// previous quarter and the same quarter a year earlier, the quarterly series,
// and for a rate its status against the target of the place or the targets
// rolled up from the places inside it (./targetRollup.ts).
import type { KpiTarget } from '../../../../warehouse/kpi/targets.ts';
import type { ProjectPlace } from '../../../../warehouse/programmes/projectPlaces.ts';
import type { KpiView } from '../types';
import { formatCount } from '../labels/format';
import { kpiDims, kpiView } from './kpi';
import { SMALL_BASE, type RateCounts, type Text } from './overviewMeasures';
import { isSmall, quarterChanges, type Change, type QuarterPoint } from './periodChange';
import { projectsOfPlace } from './projectsOfPlace';
import type { TerritoryState } from './section';
import { rollUpLevel, rollUpTargets, type PlaceCounts } from './targetRollup';
import { assess, periodEnd, pickTarget, type Status, type Thresholds } from './targets';
import { LEVELS, levelName, territoryFilter, type Place, type TerritoryLevel } from './territory';

export interface OverviewContext {
  locals: App.Locals;
  territory: TerritoryState;
  /** 'YYYY-MM' or '': only complete quarters inside the period are shown. */
  from: string;
  to: string;
  targets: KpiTarget[];
  thresholds: Thresholds;
  /** Project × office rows (null when no place is chosen, so no spend cut is needed). */
  projectRows: ProjectPlace[] | null;
}

export interface TargetView {
  /** 'direct': the place's own target; 'rollup': targets of the places inside it, added up. */
  source: 'direct' | 'rollup';
  kind: 'target' | 'milestone';
  level: TerritoryLevel | null;
  /** Names of the places whose targets were rolled up, and of those with data but no target. */
  covered: string[];
  uncovered: string[];
  targetValue: number;
  baseline: number | null;
  dueDates: string[];
  date: string;
  expected: number;
  actual: number;
  num: number | null;
  den: number | null;
  status: Status;
  ratio: number | null;
  /** The status rests on fewer than SMALL_BASE cases: shown with the "few cases" warning beside it. */
  small: boolean;
}

export interface TileView {
  code: string;
  kind: 'rate' | 'volume';
  name: Text;
  unit: string;
  higherIsBetter: boolean | null;
  asOf: string | null;
  error: KpiView['error'];
  series: QuarterPoint[];
  last: QuarterPoint | null;
  changes: { previous: Change; yearBefore: Change } | null;
  counts: RateCounts | null;
  countLabels: { num: Text; den: Text } | null;
  /** The last value rests on fewer than SMALL_BASE cases. */
  small: boolean;
  note: Text | null;
  applied: Place | null;
  target: TargetView | null;
  /** No project of the chosen place to measure spend on (the tile says why, in note). */
  empty: boolean;
  href: string;
}

interface Cut {
  filters: Record<string, string[]>;
  applied: Place | null;
  note: Text | null;
  empty: boolean;
}

const isTerritoryLevel = (d: string): d is TerritoryLevel => (LEVELS as readonly string[]).includes(d);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'bigint' ? Number(v) : null);

/** Spend KPIs are cut by project: the projects wholly delivered in the chosen place (./projectsOfPlace.ts). */
function spendCut(ctx: OverviewContext): Cut {
  const chosen = ctx.territory.resolved.chain.at(-1);
  if (!chosen || !ctx.projectRows) return { filters: {}, applied: null, note: null, empty: false };
  const p = projectsOfPlace(ctx.projectRows, chosen);
  const where = `${levelName(chosen.level).it} ${chosen.name}`;
  const whereEn = `${levelName(chosen.level).en} ${chosen.name}`;
  const count = (lang: 'it' | 'en', n: number) => formatCount(lang, n, 0);
  const left = [
    p.straddling.length ? { it: `${count('it', p.straddling.length)} erogati anche fuori da ${chosen.name} non sono compresi`, en: `${count('en', p.straddling.length)} delivered also outside ${chosen.name} are not included` } : null,
    p.unplaced.length ? { it: `${count('it', p.unplaced.length)} senza servizi registrati non si possono attribuire a un territorio`, en: `${count('en', p.unplaced.length)} with no service recorded cannot be placed` } : null,
  ].filter((x): x is Text => x !== null);
  const tail = (lang: 'it' | 'en') => (left.length ? ` (${lang === 'it' ? 'progetti' : 'projects'}: ${left.map((x) => x[lang]).join('; ')})` : '');
  if (!p.inside.length)
    return {
      filters: {},
      applied: chosen,
      empty: true,
      note: { it: `Nessun progetto con tutti i servizi erogati in ${where}${tail('it')}.`, en: `No project with all its services delivered in ${whereEn}${tail('en')}.` },
    };
  const n = p.inside.length;
  return {
    filters: { project: p.inside },
    applied: chosen,
    empty: false,
    note: {
      it: `Spesa di ${count('it', n)} ${n === 1 ? 'progetto' : 'progetti'} con tutti i servizi erogati in ${where}${tail('it')}.`,
      en: `Spend of ${count('en', n)} project${n === 1 ? '' : 's'} with all services delivered in ${whereEn}${tail('en')}.`,
    },
  };
}

function cutFor(ctx: OverviewContext, dims: readonly string[]): Cut {
  if (!dims.some(isTerritoryLevel) && dims.includes('project')) return spendCut(ctx);
  return { ...territoryFilter(dims, ctx.territory.resolved), empty: false };
}

const quarterStart = (q: string) => `${q.slice(0, 4)}-${String(Number(q.slice(6)) * 3 - 2).padStart(2, '0')}`;
const quarterEndMonth = (q: string) => `${q.slice(0, 4)}-${String(Number(q.slice(6)) * 3).padStart(2, '0')}`;

/** The KPI's quarterly points (complete quarters only: a quarter not over at the as-of date is no quarter's value). */
function seriesOf(view: KpiView, measure: string, counts: RateCounts | null): QuarterPoint[] {
  const byQuarter = view.dims.includes('quarter');
  return view.rows
    .map((r) => ({ period: byQuarter ? String(r.quarter) : '', value: num(r[measure]), num: counts ? num(r[counts.num]) : null, den: counts ? num(r[counts.den]) : null }))
    .filter((p): p is QuarterPoint => p.value !== null)
    .filter((p) => !p.period || !view.asOf || (periodEnd(p.period) ?? '') <= view.asOf);
}

const inPeriod = (ctx: OverviewContext) => (p: QuarterPoint) =>
  !p.period || ((!ctx.from || quarterStart(p.period) >= ctx.from) && (!ctx.to || quarterEndMonth(p.period) <= ctx.to));

async function readTile(ctx: OverviewContext, code: string, dims: string[], cut: Cut) {
  const byQuarter = dims.includes('quarter');
  return kpiView(ctx.locals, code, {
    ...(byQuarter ? { dims: ['quarter'] } : {}),
    ...(Object.keys(cut.filters).length ? { filters: cut.filters } : {}),
  });
}

const placeName = (ctx: OverviewContext, level: TerritoryLevel, code: string): string => {
  const t = ctx.territory.tree;
  const list = level === 'region' ? t.regions : level === 'province' ? t.provinces : level === 'office' ? t.offices : t.comuni;
  return list.find((p) => p.code === code)?.name ?? code;
};

/** The status of a rate tile: the place's own target, else the targets of the places inside it rolled up. */
async function targetOf(ctx: OverviewContext, code: string, dims: string[], cut: Cut, view: KpiView, last: QuarterPoint, counts: RateCounts): Promise<TargetView | null> {
  if (view.higherIsBetter === null) return null;
  const date = [last.period ? periodEnd(last.period) : null, view.asOf].filter((d): d is string => Boolean(d)).sort()[0];
  if (!date) return null;
  const place = cut.applied;
  const own = place && !dims.includes('project') ? pickTarget(ctx.targets, code, 'territory', place.code, date) : null;
  if (own) {
    const a = assess(own, last.value, date, view.higherIsBetter, ctx.thresholds);
    const small = counts.cases && isSmall(last);
    return {
      source: 'direct', kind: own.kind, level: null, covered: [], uncovered: [],
      targetValue: own.targetValue, baseline: own.baseline, dueDates: [own.dueDate], date,
      expected: a.expected, actual: last.value, num: last.num, den: last.den,
      status: a.status, ratio: a.ratio, small,
    };
  }
  if (!last.period) return null;
  const from = rollUpLevel(ctx.territory.tree, place, code, dims, ctx.targets);
  if (!from) return null;
  const byPlace = await kpiView(ctx.locals, code, { dims: ['quarter', from.level], ...(Object.keys(cut.filters).length ? { filters: cut.filters } : {}) });
  if (byPlace.error) return null;
  const places: PlaceCounts[] = byPlace.rows
    .filter((r) => String(r.quarter) === last.period && r[from.level] !== null)
    .map((r) => ({ code: String(r[from.level]), value: num(r[view.value]), num: num(r[counts.num]), den: num(r[counts.den]) }));
  const r = rollUpTargets({ kpi: code, kind: 'rate', places, targets: ctx.targets, date, higherIsBetter: view.higherIsBetter, thresholds: ctx.thresholds });
  if (!r) return null;
  const small = counts.cases && r.den !== null && r.den < SMALL_BASE;
  return {
    source: 'rollup',
    kind: r.covered.every((c) => c.target.kind === 'milestone') ? 'milestone' : 'target',
    level: from.level,
    covered: r.covered.map((c) => placeName(ctx, from.level, c.code)),
    uncovered: r.uncovered.map((c) => placeName(ctx, from.level, c)),
    targetValue: r.targetValue, baseline: r.baseline, dueDates: r.dueDates, date,
    expected: r.expected, actual: r.actual, num: r.num, den: r.den,
    status: r.status, ratio: r.ratio, small,
  };
}

function labelOf(view: KpiView, measure: string): Text {
  return view.columns.find((c) => c.name === measure)?.label ?? { it: measure, en: measure };
}

export async function rateTile(ctx: OverviewContext, code: string, counts: RateCounts, href: string): Promise<TileView> {
  const dims = kpiDims(ctx.locals, code);
  const cut = cutFor(ctx, dims);
  const base = { code, kind: 'rate' as const, counts, note: cut.note, applied: cut.applied, href, empty: cut.empty };
  if (cut.empty)
    return { ...base, ...nameOnly(ctx, code), higherIsBetter: null, asOf: null, error: null, series: [], last: null, changes: null, countLabels: null, small: false, target: null };
  const view = await readTile(ctx, code, dims, cut);
  const full = seriesOf(view, view.value, counts);
  const series = full.filter(inPeriod(ctx));
  const last = series.at(-1) ?? null;
  return {
    ...base,
    name: view.name,
    unit: view.unit,
    higherIsBetter: view.higherIsBetter,
    asOf: view.asOf,
    error: view.error,
    series,
    last,
    changes: last?.period ? quarterChanges(full, last, 'rate', counts.cases) : null,
    countLabels: { num: labelOf(view, counts.num), den: labelOf(view, counts.den) },
    small: Boolean(last && counts.cases && isSmall(last)),
    target: last && !view.error ? await targetOf(ctx, code, dims, cut, view, last, counts) : null,
  };
}

/** The KPI's name when its tile has nothing to read (no project in the place). */
function nameOnly(ctx: OverviewContext, code: string): { name: Text; unit: string } {
  const def = ctx.locals.data?.listKpis().find((d) => d.code === code);
  return { name: def?.name ?? { it: code, en: code }, unit: def?.unit ?? 'value' };
}

export async function volumeTile(ctx: OverviewContext, code: string, measure: string, label: Text, href: string): Promise<TileView> {
  const dims = kpiDims(ctx.locals, code);
  const cut = cutFor(ctx, dims);
  const base = { code, kind: 'volume' as const, counts: null, countLabels: null, note: cut.note, applied: cut.applied, href, empty: cut.empty, target: null, name: label };
  if (cut.empty) return { ...base, unit: 'count', higherIsBetter: null, asOf: null, error: null, series: [], last: null, changes: null, small: false };
  const view = await readTile(ctx, code, dims, cut);
  const unit = view.columns.find((c) => c.name === measure)?.unit ?? 'count';
  const full = seriesOf(view, measure, null);
  const series = full.filter(inPeriod(ctx));
  const last = series.at(-1) ?? null;
  return {
    ...base,
    unit,
    higherIsBetter: null,
    asOf: view.asOf,
    error: view.error,
    series,
    last,
    changes: last?.period ? quarterChanges(full, last, 'count', unit === 'count') : null,
    small: false,
  };
}
