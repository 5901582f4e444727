// Which Plot chart shows a KPI result, decided from the data: a time
// dimension → a line over time (one line per series); one category →
// horizontal bars sorted by value; two or more → bars faceted by the first
// category, coloured by the rest. Shares and rates are read as %, euro as €,
// in the page's language. The chart never computes a KPI: it draws the
// value column the query layer returned. A period still running at the
// as-of date is drawn apart (hollow, dashed, labelled partial), and a result
// that is zero everywhere keeps a scale that starts at zero.
import * as Plot from '@observablehq/plot';
import type { Lang } from '../i18n.ts';
import type { KpiView, ViewColumn } from '../types.ts';
import { formatDate } from '../labels/index.ts';
import { axisFormat, monthFormat, periodFormat, valueFormat } from './format.ts';
import { isPartialPeriod } from './periods.ts';

export type ChartMark = 'bar' | 'line';
export type ViewMode = ChartMark | 'table';

/** Dimensions whose values are points in time (drawn along x, in order). */
export const TIME_DIMS = ['month', 'quarter', 'year', 'period'] as const;
/** More bars than this do not fit a readable chart; the table still has every row. */
export const MAX_CHART_ROWS = 60;
/** Colours for series: each has at least 3:1 contrast on white (WCAG 1.4.11). */
export const SERIES_COLOURS = ['#0b4f8a', '#b35806', '#1b7837', '#762a83', '#8c510a', '#01665e', '#c51b7d', '#4d4d4d'];
const SINGLE = SERIES_COLOURS[0];

const WORDS = {
  partial: { it: 'parziale', en: 'partial' },
  dataTo: { it: 'dati al', en: 'data to' },
} as const;

/** dimension → value code → label in the page's language (codes are shown when missing). */
export type DimLabels = Record<string, Record<string, string>>;

interface Point {
  /** Time or first category. */
  key: string;
  /** The remaining categories joined (the series / colour), '' when none. */
  series: string;
  /** All categories, for tips. */
  label: string;
  time: Date | string | null;
  value: number;
  /** The period was still running at the as-of date (its figures cover part of it). */
  partial: boolean;
}

const isTime = (d: string): boolean => (TIME_DIMS as readonly string[]).includes(d);

/** The mark a view starts with when the user has not chosen one. */
export function defaultMark(view: Pick<KpiView, 'columns'>): ChartMark {
  return view.columns.some((c) => c.type === 'dimension' && isTime(c.name)) ? 'line' : 'bar';
}

/** The column the chart draws: the KPI's value, else its first measure. */
export function valueColumn(view: Pick<KpiView, 'columns' | 'value'>): ViewColumn | undefined {
  return view.columns.find((c) => c.name === view.value && c.type === 'measure') ?? view.columns.find((c) => c.type === 'measure');
}

function monthDate(v: string): Date | string {
  const m = /^(\d{4})-(\d{2})$/.exec(v);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)) : v;
}

const truncate = (s: string, n = 28): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The points a chart draws (at most MAX_CHART_ROWS; rows without a numeric value are left out). */
export function chartPoints(view: KpiView, lang: Lang, labels: DimLabels = {}): { points: Point[]; timeDim: string | null; dims: string[]; total: number } {
  const value = valueColumn(view);
  const dims = view.columns.filter((c) => c.type === 'dimension').map((c) => c.name);
  const timeDim = dims.find(isTime) ?? null;
  const cats = dims.filter((d) => d !== timeDim);
  const name = (dim: string, v: unknown): string => {
    const code = v === null || v === undefined ? '—' : String(v);
    return labels[dim]?.[code] ?? code;
  };
  const all: Point[] = [];
  for (const r of view.rows) {
    const raw = value ? r[value.name] : undefined;
    const num = typeof raw === 'bigint' ? Number(raw) : raw;
    if (typeof num !== 'number' || !Number.isFinite(num)) continue;
    const catNames = cats.map((d) => name(d, r[d]));
    const t = timeDim ? String(r[timeDim] ?? '') : null;
    const key = timeDim ? t! : (catNames[0] ?? view.name[lang]);
    const series = (timeDim ? catNames : catNames.slice(1)).join(' · ');
    all.push({
      key,
      series,
      label: [t === null ? null : name(timeDim!, t), ...catNames].filter(Boolean).join(' · '),
      time: t === null ? null : timeDim === 'month' ? monthDate(t) : t,
      value: num,
      partial: t !== null && isPartialPeriod(timeDim!, t, view.asOf),
    });
  }
  return { points: all.slice(0, MAX_CHART_ROWS), timeDim, dims, total: all.length };
}

/** The periods of a view still running at its as-of date, in order (the caption names them). */
export function partialPeriods(view: KpiView): string[] {
  const timeDim = view.columns.find((c) => c.type === 'dimension' && isTime(c.name))?.name;
  if (!timeDim) return [];
  const codes = new Set(view.rows.map((r) => String(r[timeDim] ?? '')).filter((c) => isPartialPeriod(timeDim, c, view.asOf)));
  return [...codes].sort();
}

/**
 * A value scale for the chart: from zero, and [0, 1] with a single zero tick
 * when every value is zero (a zero-width domain would stretch each bar across
 * the chart, €0 reading as the largest amount).
 */
function valueScale(points: Point[], s: Plot.ScaleOptions): Plot.ScaleOptions {
  return points.every((p) => p.value === 0) ? { ...s, domain: [0, 1], ticks: [0], zero: true } : s;
}

const timeKey = (p: Point): string => (p.time instanceof Date ? p.time.toISOString() : String(p.time));

/** For each series with partial periods: its last complete point, then its partial ones (the dashed part of the line). */
function partialBridge(points: Point[]): Point[] {
  const out: Point[] = [];
  for (const series of new Set(points.filter((p) => p.partial).map((p) => p.series))) {
    const own = points.filter((p) => p.series === series).sort((a, b) => timeKey(a).localeCompare(timeKey(b)));
    const lastComplete = own.filter((p) => !p.partial).at(-1);
    out.push(...(lastComplete ? [lastComplete] : []), ...own.filter((p) => p.partial));
  }
  return out;
}

/**
 * Plot options for a KPI view, or null when there is nothing to draw (no rows,
 * no numeric measure). `mark` is the user's choice; see defaultMark.
 */
export function kpiChartOptions(view: KpiView, lang: Lang, mark: ChartMark, labels: DimLabels = {}): Plot.PlotOptions | null {
  const value = valueColumn(view);
  if (!value || view.error) return null;
  const { points, timeDim } = chartPoints(view, lang, labels);
  if (!points.length) return null;
  const unit = value.unit;
  const tick = axisFormat(lang, unit);
  const fmt = valueFormat(lang, unit);
  const partialNote = view.asOf ? `${WORDS.partial[lang]}, ${WORDS.dataTo[lang]} ${formatDate(lang, view.asOf)}` : WORDS.partial[lang];
  const title = (p: Point): string => `${p.label || view.name[lang]}\n${value.label[lang]}: ${fmt(p.value)}${p.partial ? ` (${partialNote})` : ''}`;
  const hasSeries = points.some((p) => p.series !== '');
  const seriesDomain = [...new Set(points.map((p) => p.series))];
  const color: Plot.ScaleOptions = hasSeries
    ? { type: 'ordinal', domain: seriesDomain, range: SERIES_COLOURS, legend: true }
    : { type: 'ordinal', range: [SINGLE] };
  const fill = hasSeries ? 'series' : SINGLE;
  const base: Plot.PlotOptions = {
    style: { fontSize: '12px', overflow: 'visible' },
    marginLeft: 50,
    color,
  };

  if (timeDim) {
    const dates = timeDim === 'month' && points.every((p) => p.time instanceof Date);
    const x: Plot.ScaleOptions = dates
      ? { type: 'utc', tickFormat: monthFormat(lang), label: null, ticks: 6 }
      : { type: mark === 'line' ? 'point' : 'band', label: null, domain: [...new Set(points.map((p) => String(p.time)))].sort(), tickFormat: (v: string) => labels[timeDim]?.[v] ?? periodFormat(lang)(v) };
    const y = valueScale(points, { grid: true, tickFormat: tick, label: value.label[lang], zero: unit !== 'ratio' });
    const stroke = hasSeries ? 'series' : SINGLE;
    const complete = points.filter((p) => !p.partial);
    const partial = points.filter((p) => p.partial);
    // One label per partial period, above its highest point.
    const partialLabels = [...new Map(partial.map((p) => [timeKey(p), p])).keys()].map((k) =>
      partial.filter((p) => timeKey(p) === k).reduce((a, b) => (b.value > a.value ? b : a)),
    );
    const partialMarks = partial.length
      ? [
          Plot.lineY(partialBridge(points), { x: 'time', y: 'value', z: 'series', stroke, strokeWidth: 2, strokeDasharray: '4,3', sort: { channel: 'x' } }),
          Plot.dot(partial, { x: 'time', y: 'value', stroke, fill: '#ffffff', strokeWidth: 2, r: 4, title, tip: true }),
          Plot.text(partialLabels, { x: 'time', y: 'value', text: () => WORDS.partial[lang], dy: -12, fill: '#1a1a1a', fontSize: 11 }),
        ]
      : [];
    if (mark === 'line') {
      return {
        ...base,
        x,
        y,
        marks: [
          Plot.ruleY([0]),
          Plot.lineY(complete, { x: 'time', y: 'value', z: 'series', stroke, strokeWidth: 2, sort: { channel: 'x' } }),
          Plot.dot(complete, { x: 'time', y: 'value', fill: stroke, r: 3, title, tip: true }),
          ...partialMarks,
        ],
      };
    }
    // Bars over time: one group per period, one bar per series inside it.
    return {
      ...base,
      x: dates ? { type: 'band', label: null, tickFormat: (d: Date) => monthFormat(lang)(new Date(d)), axis: hasSeries ? null : 'bottom' } : { ...x, axis: hasSeries ? null : 'bottom' },
      fx: hasSeries ? { label: null, tickFormat: dates ? (d: Date) => monthFormat(lang)(new Date(d)) : undefined } : undefined,
      y,
      marks: [
        Plot.barY(points, {
          ...(hasSeries ? { fx: 'time', x: 'series' } : { x: 'time' }),
          y: 'value',
          fill,
          // A partial period's bar is pale with a dashed outline: not comparable with the others.
          fillOpacity: (p: Point) => (p.partial ? 0.35 : 1),
          stroke: (p: Point) => (p.partial ? '#1a1a1a' : 'none'),
          strokeDasharray: '3,2',
          title,
          tip: true,
        }),
        Plot.ruleY([0]),
      ],
    };
  }

  // No time: categories. Horizontal bars read well with long Italian labels.
  const byValue = [...points].sort((a, b) => b.value - a.value);
  const keys = [...new Set(byValue.map((p) => p.key))];
  const longest = Math.max(...keys.map((k) => truncate(k).length));
  const marginLeft = Math.min(200, 12 + longest * 6.5);
  const x = valueScale(points, { grid: true, tickFormat: tick, label: value.label[lang], zero: true, ticks: 5 });
  // Values printed beside the bars when all are zero: the bars themselves have no length to show.
  const zeroLabels = points.every((p) => p.value === 0) ? [Plot.text(points, { y: 'key', x: 'value', text: (p: Point) => tick(p.value), dx: 4, textAnchor: 'start', fill: '#1a1a1a' })] : [];
  if (mark === 'line') {
    // A line over categories: the user asked for it; keep the categories in value order.
    return {
      ...base,
      marginBottom: 80,
      x: { type: 'point', domain: keys, label: null, tickRotate: -35, tickFormat: (k: string) => truncate(k, 18) },
      y: valueScale(points, { grid: true, tickFormat: tick, label: value.label[lang], zero: true }),
      marks: [
        Plot.ruleY([0]),
        Plot.lineY(points, { x: 'key', y: 'value', z: hasSeries ? 'series' : null, stroke: hasSeries ? 'series' : SINGLE, strokeWidth: 2 }),
        Plot.dot(points, { x: 'key', y: 'value', fill: hasSeries ? 'series' : SINGLE, r: 3, title, tip: true }),
      ],
    };
  }
  if (!hasSeries) {
    return {
      ...base,
      marginLeft,
      height: 40 + keys.length * 22,
      x,
      y: { domain: keys, label: null, tickFormat: (k: string) => truncate(k) },
      marks: [Plot.barX(points, { y: 'key', x: 'value', fill, title, tip: true }), Plot.ruleX([0]), ...zeroLabels],
    };
  }
  // Two or more categories: one panel per first category, a bar per series in it.
  const series = seriesDomain;
  return {
    ...base,
    marginLeft,
    height: 50 + points.length * 18 + keys.length * 10,
    x,
    fy: { domain: keys, label: null, axis: 'left', tickFormat: (k: string) => truncate(k) },
    y: { domain: series, axis: null, label: null },
    marks: [Plot.barX(points, { fy: 'key', y: 'series', x: 'value', fill, title, tip: true }), Plot.ruleX([0])],
  };
}
