// Status of a KPI against its target — the catalogue rule (kpis.md,
// "Statuses"): compare the actual value with the straight-line path from the
// baseline to the target at the date the value refers to; actual / expected
// ≥ 95% on track, 80–95% at risk, < 80% off track. For a KPI where lower is
// better (time to fill, hard-to-fill share) the ratio is expected / actual.
// Thresholds are configurable (URL ?on_track=&at_risk=) and always stated.
import type { KpiTarget } from '../../../../warehouse/kpi/targets.ts';
import { formatPercent } from '../labels/format.ts';

export type Status = 'on_track' | 'at_risk' | 'off_track';

export interface Thresholds {
  onTrack: number;
  atRisk: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { onTrack: 0.95, atRisk: 0.8 };

/**
 * Where the straight line starts for a territory target: the targets feed
 * carries no start date for territories, so the path starts with the
 * 2021–2027 programming period that ESF+ and PNRR targets belong to.
 * Programme targets start at the programme's period_start.
 */
export const TERRITORY_PATH_START = '2021-01-01';

const SHARE = /^(0(\.\d+)?|1(\.0+)?)$/;

/** Thresholds from the URL (shares 0–1, at risk < on track), defaults otherwise. */
export function parseThresholds(params: URLSearchParams): { thresholds: Thresholds; custom: boolean } {
  const on = params.get('on_track');
  const risk = params.get('at_risk');
  if (!on && !risk) return { thresholds: DEFAULT_THRESHOLDS, custom: false };
  if ((on && !SHARE.test(on)) || (risk && !SHARE.test(risk))) return { thresholds: DEFAULT_THRESHOLDS, custom: false };
  const t = { onTrack: on ? Number(on) : DEFAULT_THRESHOLDS.onTrack, atRisk: risk ? Number(risk) : DEFAULT_THRESHOLDS.atRisk };
  if (!(t.atRisk > 0 && t.atRisk < t.onTrack)) return { thresholds: DEFAULT_THRESHOLDS, custom: false };
  return { thresholds: t, custom: true };
}

const day = (iso: string) => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 86_400_000;

/** Value on the straight line from baseline (at start) to target (at due date) on `date`, the share of time clamped to [0, 1]. */
export function expectedAt(t: { baseline: number | null; targetValue: number; start: string; dueDate: string }, date: string): number {
  const base = t.baseline ?? 0;
  const span = day(t.dueDate) - day(t.start);
  if (span <= 0) return t.targetValue;
  const elapsed = Math.min(1, Math.max(0, (day(date) - day(t.start)) / span));
  return base + (t.targetValue - base) * elapsed;
}

/** The rule applied to one value: status and the ratio it rests on (null ratio: status by definition). */
export function statusOf(actual: number, expected: number, higherIsBetter: boolean, th: Thresholds = DEFAULT_THRESHOLDS): { status: Status; ratio: number | null } {
  let ratio: number | null;
  if (higherIsBetter) ratio = expected <= 0 ? null : actual / expected;
  else ratio = actual <= 0 ? null : expected / actual;
  if (ratio === null) return { status: 'on_track', ratio };
  return { status: ratio >= th.onTrack ? 'on_track' : ratio >= th.atRisk ? 'at_risk' : 'off_track', ratio };
}

/**
 * The target a tile is measured against: for this KPI and scope, the next one
 * due on or after `date` (a milestone before the final target), else the
 * last one due.
 */
export function pickTarget(targets: KpiTarget[], kpi: string, scope: KpiTarget['scope'], scopeId: string, date: string): KpiTarget | null {
  const mine = targets.filter((t) => t.kpi === kpi && t.scope === scope && t.scopeId === scopeId).sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  return mine.find((t) => t.dueDate >= date) ?? mine.at(-1) ?? null;
}

export interface TargetAssessment {
  target: KpiTarget;
  start: string;
  /** Date the actual value refers to, at which the path is read. */
  date: string;
  expected: number;
  status: Status;
  ratio: number | null;
}

export function assess(target: KpiTarget, actual: number, date: string, higherIsBetter: boolean, th: Thresholds): TargetAssessment {
  const start = target.start ?? TERRITORY_PATH_START;
  const expected = expectedAt({ ...target, start }, date);
  return { target, start, date, expected, ...statusOf(actual, expected, higherIsBetter, th) };
}

/** Last day of the quarter 'YYYY-Qn', or of the month 'YYYY-MM'. */
export function periodEnd(period: string): string | null {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  const [y, month] = q ? [Number(q[1]), Number(q[2]) * 3] : m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!Number.isFinite(y)) return null;
  return new Date(Date.UTC(y, month, 0)).toISOString().slice(0, 10);
}

export const STATUS_LABEL: Record<Status | 'none', { it: string; en: string }> = {
  on_track: { it: 'in linea', en: 'on track' },
  at_risk: { it: 'a rischio', en: 'at risk' },
  off_track: { it: 'fuori linea', en: 'off track' },
  none: { it: 'nessun obiettivo', en: 'no target' },
};

const pct = (x: number, lang: 'it' | 'en') => formatPercent(lang, x);

/** The rule as a sentence, with the thresholds in force. */
export function ruleText(th: Thresholds, lang: 'it' | 'en'): string {
  return lang === 'it'
    ? `Regola: il valore attuale è confrontato con il percorso lineare dalla baseline all’obiettivo, letto alla data del valore (inizio del percorso: avvio del programma; per i territori 1/1/2021, periodo 2021–2027). Attuale / atteso ≥ ${pct(th.onTrack, lang)}: in linea; tra ${pct(th.atRisk, lang)} e ${pct(th.onTrack, lang)}: a rischio; sotto ${pct(th.atRisk, lang)}: fuori linea. Se un valore più basso è migliore, si usa atteso / attuale.`
    : `Rule: the actual value is compared with the straight-line path from baseline to target, read at the date of the value (path start: programme start; for territories 1 Jan 2021, the 2021–2027 period). Actual / expected ≥ ${pct(th.onTrack, lang)}: on track; ${pct(th.atRisk, lang)} to ${pct(th.onTrack, lang)}: at risk; below ${pct(th.atRisk, lang)}: off track. Where lower is better, expected / actual is used.`;
}
