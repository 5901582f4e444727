// Observable Plot options for the funder pages, as pure functions of the rows
// the server read (mart.project_financial_history, SP_TGT): no arithmetic on
// KPIs here beyond placing the mart's own figures on a chart. Rendered with
// plotToSvg / PlotFigure ($lib/charts/plot); every chart has its table next to it.
import * as Plot from '@observablehq/plot';
import { formatCount, formatEuro, formatEuroCompact, formatPercent, locale, type Lang } from '../../i18n.ts';
import { spendLabel, type SpendLabel } from './labels.ts';
import { halfTickMargin, labelMargin, truncateLabel } from '../../charts/fit.ts';
import type { ProjectSnapshot } from '../../../../../warehouse/programmes/projectHistory.ts';

export const STAGES = ['programmed', 'admitted', 'legally_committed', 'paid', 'certified'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * One snapshot of mart.project_financial_history as the page reads it: the
 * warehouse's row (warehouse/programmes/projectHistory.ts), less the ids the
 * charts do not use; the load details are there when the page has them.
 */
export type HistoryRow = Omit<ProjectSnapshot, 'programme' | 'project' | 'load_id' | 'file_name' | 'load_warnings'> & {
  file_name?: string | null;
  load_warnings?: number | null;
};

/** One SP_TGT row (dims project, indicator, target_kind). */
export interface TargetRow {
  indicator: string;
  target_kind: 'milestone' | 'target' | string;
  actual: number | null;
  expected: number | null;
  target_value: number | null;
  baseline: number | null;
  due_date: string | null;
  progress: number | null;
  status: 'on_track' | 'at_risk' | 'off_track' | null;
}

// Colours with ≥ 4.5:1 contrast on white; each stage also has its own symbol,
// so the chart does not rely on colour alone.
export const STAGE_COLOURS: Record<Stage, string> = {
  programmed: '#4d4d4d',
  admitted: '#1f5fa8',
  legally_committed: '#6a3d9a',
  paid: '#0a6e37',
  certified: '#a64b00',
};
const STAGE_SYMBOLS: Record<Stage, string> = {
  programmed: 'square',
  admitted: 'diamond',
  legally_committed: 'triangle',
  paid: 'circle',
  certified: 'cross',
};
export const STATUS_COLOURS = { on_track: '#0a6e37', at_risk: '#8a5a00', off_track: '#b00020' } as const;
const FLAG_COLOUR = '#b00020';
const REFERENCE_COLOUR = '#595959';

// Words of the capped projection, kept with the chart that prints them.
const CAP_WORDS = {
  beyondAdmitted: { it: 'oltre l’ammesso', en: 'beyond the admitted amount' },
  projectedAtEnd: { it: 'a fine progetto', en: 'at the planned end' },
} as const;

const day = (iso: string): Date => new Date(`${iso.slice(0, 10)}T00:00:00Z`);

export function euroFormat(lang: Lang, compact = false): (v: number) => string {
  return compact ? (v) => formatEuroCompact(lang, v) : (v) => formatEuro(lang, v);
}

export function percentFormat(lang: Lang): (v: number) => string {
  return (v) => formatPercent(lang, v);
}

export function dateFormat(lang: Lang, style: 'month' | 'day' = 'day'): (d: Date) => string {
  const f = new Intl.DateTimeFormat(
    locale(lang),
    style === 'month' ? { month: 'short', year: 'numeric', timeZone: 'UTC' } : { dateStyle: 'medium', timeZone: 'UTC' },
  );
  return (d) => f.format(d);
}

/** The projection drawn on both charts: from the latest snapshot to the planned end, at that snapshot's average pace. */
export interface Forecast {
  fromDate: string;
  fromPaid: number;
  fromElapsed: number;
  fromShare: number | null;
  toDate: string;
  toPaid: number;
  /** forecast paid / admitted of the latest snapshot (null without an admitted amount). */
  toShare: number | null;
  /** The admitted amount of the latest snapshot: no more can be paid, so the drawn projection stops there. */
  admitted: number | null;
}

/**
 * Where the projection's straight line reaches the admitted amount, as a
 * share (0…1) of the way from its start to its end; null when it does not
 * (or there is no admitted amount). Past that point the pace would pay more
 * than was admitted: the chart stops the line there and flags it.
 */
export function capPoint(fc: Forecast): number | null {
  if (fc.admitted == null || fc.admitted <= 0 || fc.toPaid <= fc.admitted) return null;
  if (fc.fromPaid >= fc.admitted) return 0;
  return (fc.admitted - fc.fromPaid) / (fc.toPaid - fc.fromPaid);
}

export function forecastOf(rows: HistoryRow[]): Forecast | null {
  const latest = rows.find((r) => r.is_latest) ?? rows.at(-1);
  if (!latest || latest.forecast_paid_at_end == null || latest.elapsed_share == null || !latest.end_date) return null;
  return {
    fromDate: latest.as_of,
    fromPaid: latest.paid ?? 0,
    fromElapsed: latest.elapsed_share,
    fromShare: latest.paid_share,
    toDate: latest.end_date,
    toPaid: latest.forecast_paid_at_end,
    toShare: latest.admitted ? latest.forecast_paid_at_end / latest.admitted : null,
    admitted: latest.admitted ?? null,
  };
}

/** Stages (programmed → certified) over snapshot dates, the paid projection dashed, loader-flagged snapshots ringed. */
export function stageHistoryOptions(rows: HistoryRow[], lang: Lang): Plot.PlotOptions {
  const euro = euroFormat(lang);
  const when = dateFormat(lang);
  const long = rows.flatMap((r) =>
    STAGES.filter((s) => r[s] != null).map((s) => ({ date: day(r.as_of), stage: spendLabel(lang, s), symbol: STAGE_SYMBOLS[s], value: r[s] as number })),
  );
  const fc = forecastOf(rows);
  const cap = fc ? capPoint(fc) : null;
  const from = fc ? day(fc.fromDate).getTime() : 0;
  const projection = fc
    ? [
        { date: day(fc.fromDate), value: fc.fromPaid },
        cap === null
          ? { date: day(fc.toDate), value: fc.toPaid }
          : { date: new Date(from + cap * (day(fc.toDate).getTime() - from)), value: fc.admitted as number },
      ]
    : [];
  const projectionText = (d: { value: number }) =>
    cap === null || !fc
      ? `${spendLabel(lang, 'projection')}: ${euro(d.value)}`
      : `${spendLabel(lang, 'projection')} ${CAP_WORDS.beyondAdmitted[lang]}: ${euro(fc.toPaid)} ${CAP_WORDS.projectedAtEnd[lang]}`;
  const flagged = rows.filter((r) => r.loader_flagged || !r.stages_consistent).map((r) => ({ date: day(r.as_of), value: r.paid ?? 0 }));
  return {
    height: 320,
    marginLeft: 72,
    marginRight: 24,
    // Few ticks: the projection can stretch the axis over years, and month labels are wide.
    x: { type: 'utc', label: spendLabel(lang, 'snapshot'), tickFormat: dateFormat(lang, 'month'), ticks: 5 },
    y: { label: `${spendLabel(lang, 'amount')} (€)`, grid: true, zero: true, tickFormat: euroFormat(lang, true) },
    color: { domain: STAGES.map((s) => spendLabel(lang, s)), range: STAGES.map((s) => STAGE_COLOURS[s]), legend: true },
    marks: [
      Plot.ruleY([0]),
      Plot.lineY(long, { x: 'date', y: 'value', z: 'stage', stroke: 'stage', strokeWidth: 2 }),
      Plot.dot(long, {
        x: 'date',
        y: 'value',
        stroke: 'stage',
        fill: 'stage',
        symbol: 'symbol',
        r: 3.5,
        title: (d: { date: Date; stage: string; value: number }) => `${d.stage}, ${when(d.date)}: ${euro(d.value)}`,
      }),
      Plot.lineY(projection, { x: 'date', y: 'value', stroke: STAGE_COLOURS.paid, strokeWidth: 2, strokeDasharray: '6,4' }),
      Plot.text(projection.slice(1), {
        x: 'date',
        y: 'value',
        text: projectionText,
        dy: -12,
        textAnchor: 'end',
        fill: cap === null ? '#1a1a1a' : FLAG_COLOUR,
        fontSize: 11,
      }),
      ...(cap === null ? [] : [Plot.dot(projection.slice(1), { x: 'date', y: 'value', symbol: 'times', r: 6, stroke: FLAG_COLOUR, strokeWidth: 2, title: projectionText })]),
      Plot.dot(flagged, { x: 'date', y: 'value', r: 8, stroke: FLAG_COLOUR, strokeWidth: 2, fill: 'none', title: () => spendLabel(lang, 'flaggedLegend') }),
    ],
  };
}

/**
 * What every pace chart shares: elapsed share (x) against paid share (y) from
 * 0, and the diagonal — spending in step with time — with its label.
 */
function paceFrame(lang: Lang, top: number): Plot.PlotOptions & { marks: Plot.Markish[] } {
  const pct = percentFormat(lang);
  return {
    height: 320,
    marginLeft: 56,
    marginRight: 24,
    x: { domain: [0, 1], label: spendLabel(lang, 'elapsedShare'), tickFormat: pct, grid: true },
    y: { domain: [0, top], label: spendLabel(lang, 'paidShare'), tickFormat: pct, grid: true },
    marks: [
      Plot.line(
        [
          { x: 0, y: 0 },
          { x: 1, y: 1 },
        ],
        { x: 'x', y: 'y', stroke: REFERENCE_COLOUR, strokeDasharray: '2,3' },
      ),
      Plot.text([{ x: 0.97, y: 0.97 }], { x: 'x', y: 'y', text: () => spendLabel(lang, 'diagonal'), textAnchor: 'end', dx: -4, dy: -8, fill: '#1a1a1a', fontSize: 11 }),
    ],
  };
}

/** Paid share against elapsed share per snapshot, the diagonal (straight-line spend) as the reference, the projection to the end. */
export function paceOptions(rows: HistoryRow[], lang: Lang): Plot.PlotOptions {
  const pct = percentFormat(lang);
  const when = dateFormat(lang);
  const points = rows
    .filter((r) => r.elapsed_share != null && r.paid_share != null)
    .map((r) => ({ elapsed: r.elapsed_share as number, share: r.paid_share as number, date: day(r.as_of), flagged: r.loader_flagged || !r.stages_consistent }));
  const fc = forecastOf(rows);
  const cap = fc ? capPoint(fc) : null;
  // Capped at the admitted amount (100 %): the line stops where the pace would pay it all, flagged with the uncapped figure.
  const projection =
    fc && fc.fromShare != null && fc.toShare != null
      ? [
          { elapsed: fc.fromElapsed, share: fc.fromShare },
          cap === null ? { elapsed: 1, share: fc.toShare } : { elapsed: fc.fromElapsed + cap * (1 - fc.fromElapsed), share: 1 },
        ]
      : [];
  const projectionText = (d: { share: number }) =>
    cap === null || fc?.toShare == null
      ? `${spendLabel(lang, 'projection')}: ${pct(d.share)}`
      : `${spendLabel(lang, 'projection')} ${CAP_WORDS.beyondAdmitted[lang]}: ${pct(fc.toShare)} ${CAP_WORDS.projectedAtEnd[lang]}`;
  const top = Math.max(1, ...points.map((p) => p.share), ...projection.map((p) => p.share));
  const frame = paceFrame(lang, top);
  return {
    ...frame,
    marks: [
      ...frame.marks,
      Plot.line(points, { x: 'elapsed', y: 'share', stroke: STAGE_COLOURS.paid, strokeWidth: 2 }),
      Plot.dot(points, {
        x: 'elapsed',
        y: 'share',
        fill: STAGE_COLOURS.paid,
        r: 3.5,
        title: (d: { date: Date; elapsed: number; share: number }) =>
          `${when(d.date)}: ${spendLabel(lang, 'paidShare')} ${pct(d.share)}, ${spendLabel(lang, 'elapsedShare')} ${pct(d.elapsed)}`,
      }),
      Plot.dot(
        points.filter((p) => p.flagged),
        { x: 'elapsed', y: 'share', r: 8, stroke: FLAG_COLOUR, strokeWidth: 2, fill: 'none', title: () => spendLabel(lang, 'flaggedLegend') },
      ),
      Plot.line(projection, { x: 'elapsed', y: 'share', stroke: STAGE_COLOURS.paid, strokeWidth: 2, strokeDasharray: '6,4' }),
      Plot.text(projection.slice(1), {
        x: 'elapsed',
        y: 'share',
        text: projectionText,
        textAnchor: 'end',
        dy: -10,
        fill: cap === null ? '#1a1a1a' : FLAG_COLOUR,
        fontSize: 11,
      }),
      ...(cap === null ? [] : [Plot.dot(projection.slice(1), { x: 'elapsed', y: 'share', symbol: 'times', r: 6, stroke: FLAG_COLOUR, strokeWidth: 2, title: projectionText })]),
    ],
  };
}

export function targetKindLabel(lang: Lang, kind: string): string {
  return kind === 'milestone' ? spendLabel(lang, 'milestone') : kind === 'target' ? spendLabel(lang, 'target') : kind;
}

export function statusLabel(lang: Lang, status: string | null): string {
  return status === 'on_track' || status === 'at_risk' || status === 'off_track' ? spendLabel(lang, status as SpendLabel) : spendLabel(lang, 'noStatus');
}

/** The row label of a target: indicator · milestone 2024 / target 2029. */
export function targetLabel(lang: Lang, r: TargetRow): string {
  return `${r.indicator} · ${targetKindLabel(lang, r.target_kind)}${r.due_date ? ` ${r.due_date.slice(0, 4)}` : ''}`;
}

/** Per target: baseline → value to reach (bar), expected at date on the straight line (tick), actual (dot coloured and labelled by status). */
export function targetOptions(rows: (TargetRow & { project?: string })[], lang: Lang, withProject = false): Plot.PlotOptions {
  const data = rows.map((r) => ({
    ...r,
    label: `${withProject && r.project && r.project !== 'none' ? `${r.project} · ` : ''}${targetLabel(lang, r)}`,
    statusText: statusLabel(lang, r.status),
  }));
  const statuses = (['on_track', 'at_risk', 'off_track'] as const).map((s) => spendLabel(lang, s));
  return {
    height: Math.max(140, data.length * 34 + 60),
    marginLeft: withProject ? 270 : 170,
    marginRight: 90,
    x: { label: spendLabel(lang, 'goal'), grid: true, zero: true, tickFormat: (v: number) => formatCount(lang, v) },
    y: { label: null, domain: data.map((d) => d.label) },
    color: { domain: statuses, range: [STATUS_COLOURS.on_track, STATUS_COLOURS.at_risk, STATUS_COLOURS.off_track], legend: true },
    marks: [
      Plot.ruleY(data, { y: 'label', x1: 'baseline', x2: 'target_value', stroke: '#c8c8c8', strokeWidth: 8 }),
      Plot.dot(data, {
        y: 'label',
        x: 'target_value',
        symbol: 'diamond',
        fill: '#1a1a1a',
        r: 5,
        title: (d: TargetRow) => `${spendLabel(lang, 'goal')}: ${formatCount(lang, d.target_value ?? 0)}`,
      }),
      Plot.tickX(
        data.filter((d) => d.expected != null),
        { y: 'label', x: 'expected', stroke: '#1a1a1a', strokeWidth: 2, title: (d: TargetRow) => `${spendLabel(lang, 'expected')}: ${formatCount(lang, d.expected ?? 0)}` },
      ),
      Plot.dot(
        data.filter((d) => d.actual != null && d.status != null),
        { y: 'label', x: 'actual', r: 6, fill: 'statusText', stroke: '#ffffff', title: (d: TargetRow & { statusText: string }) => `${spendLabel(lang, 'actual')}: ${formatCount(lang, d.actual ?? 0)} (${d.statusText})` },
      ),
      Plot.text(data, { y: 'label', x: 'target_value', text: 'statusText', dx: 10, textAnchor: 'start', fill: '#1a1a1a', fontSize: 11 }),
    ],
  };
}

/** A row of a stage comparison: a programme or a project with its latest-snapshot stages. */
export interface StageBarRow {
  label: string;
  admitted: number | null;
  legally_committed: number | null;
  paid: number | null;
}

/** Admitted (light bar), paid (dark bar inside it) and legally committed (tick) per programme or project. */
export function stageBarsOptions(rows: StageBarRow[], lang: Lang): Plot.PlotOptions {
  const euro = euroFormat(lang);
  const compact = euroFormat(lang, true);
  const stages = (['admitted', 'paid', 'legally_committed'] as const).map((s) => spendLabel(lang, s));
  // Long project titles are cut (the table and the tip have them whole); the margins hold
  // the longest shown label and half of the widest amount under the last tick.
  const shown = rows.map((r) => truncateLabel(r.label, 32));
  const top = Math.max(0, ...rows.flatMap((r) => [r.admitted ?? 0, r.paid ?? 0, r.legally_committed ?? 0]));
  return {
    height: Math.max(120, rows.length * 30 + 60),
    marginLeft: labelMargin(shown),
    marginRight: Math.max(24, halfTickMargin([compact(top), compact(top * 1.2)])),
    x: { label: `${spendLabel(lang, 'amount')} (€)`, grid: true, zero: true, tickFormat: compact },
    y: { label: null, domain: rows.map((r) => r.label), tickFormat: (l: string) => truncateLabel(l, 32) },
    color: { domain: stages, range: ['#a9c1e0', STAGE_COLOURS.paid, STAGE_COLOURS.legally_committed], legend: true },
    marks: [
      Plot.barX(rows, { y: 'label', x: (r: StageBarRow) => r.admitted ?? 0, fill: () => stages[0], title: (r: StageBarRow) => `${r.label} — ${stages[0]}: ${euro(r.admitted ?? 0)}` }),
      Plot.barX(rows, { y: 'label', x: (r: StageBarRow) => r.paid ?? 0, fill: () => stages[1], insetTop: 6, insetBottom: 6, title: (r: StageBarRow) => `${r.label} — ${stages[1]}: ${euro(r.paid ?? 0)}` }),
      Plot.tickX(rows, { y: 'label', x: (r: StageBarRow) => r.legally_committed ?? 0, stroke: () => stages[2], strokeWidth: 3, title: (r: StageBarRow) => `${r.label} — ${stages[2]}: ${euro(r.legally_committed ?? 0)}` }),
      Plot.ruleX([0]),
    ],
  };
}

/** A project of a programme on the pace chart (its latest snapshot). */
export interface ProjectPaceRow {
  label: string;
  elapsed_share: number | null;
  paid_share: number | null;
}

/** Each project's paid share against its elapsed share (latest snapshot), with the diagonal as reference. */
export function projectsPaceOptions(rows: ProjectPaceRow[], lang: Lang): Plot.PlotOptions {
  const pct = percentFormat(lang);
  const points = rows.filter((r) => r.elapsed_share != null && r.paid_share != null);
  const top = Math.max(1, ...points.map((p) => p.paid_share as number));
  const frame = paceFrame(lang, top);
  return {
    ...frame,
    marks: [
      ...frame.marks,
      Plot.dot(points, {
        x: 'elapsed_share',
        y: 'paid_share',
        r: 5,
        fill: STAGE_COLOURS.paid,
        title: (r: ProjectPaceRow) => `${r.label}: ${spendLabel(lang, 'paidShare')} ${pct(r.paid_share ?? 0)}, ${spendLabel(lang, 'elapsedShare')} ${pct(r.elapsed_share ?? 0)}`,
      }),
      Plot.text(points, { x: 'elapsed_share', y: 'paid_share', text: 'label', dx: 8, textAnchor: 'start', fill: '#1a1a1a', fontSize: 10, lineWidth: 14 }),
    ],
  };
}
