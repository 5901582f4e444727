// The status rule of the overview tiles (dashboard/src/lib/server/targets.ts),
// on hand-checked values: straight-line path from baseline to target at the
// value's date; actual / expected ≥ 95% on track, 80–95% at risk, < 80% off
// track; expected / actual where lower is better; thresholds configurable.
import { describe, expect, it } from 'vitest';
import { assess, expectedAt, parseThresholds, periodEnd, pickTarget, ruleText, statusOf } from '../../dashboard/src/lib/server/targets.ts';
import type { KpiTarget } from '../../warehouse/kpi/targets.ts';

const target = (over: Partial<KpiTarget> = {}): KpiTarget => ({
  targetId: 't',
  scope: 'territory',
  scopeId: '272',
  kpi: 'PL_RATE_6',
  kind: 'target',
  dueDate: '2029-12-31',
  targetValue: 0.4,
  baseline: 0.3,
  start: null,
  ...over,
});

describe('straight-line path', () => {
  it('reads the path at a date, clamped to [start, due]', () => {
    // 2021-01-01 → 2029-12-31 is 3286 days; 2025-06-30 is day 1641: 0.30 + 0.10 × 1641/3286 = 0.349939…
    const t = { baseline: 0.3, targetValue: 0.4, start: '2021-01-01', dueDate: '2029-12-31' };
    expect(expectedAt(t, '2025-06-30')).toBeCloseTo(0.3 + (0.1 * 1641) / 3286, 12);
    expect(expectedAt(t, '2020-01-01')).toBe(0.3);
    expect(expectedAt(t, '2031-01-01')).toBeCloseTo(0.4, 12);
    expect(expectedAt({ ...t, baseline: null }, '2029-12-31')).toBeCloseTo(0.4, 12);
  });
});

describe('statusOf', () => {
  it('applies 95% / 80% to actual / expected', () => {
    expect(statusOf(0.35, 0.35, true)).toEqual({ status: 'on_track', ratio: 1 });
    expect(statusOf(0.95, 1, true).status).toBe('on_track'); // exactly 95%
    expect(statusOf(0.3, 0.35, true)).toEqual({ status: 'at_risk', ratio: 0.3 / 0.35 }); // 85.7%
    expect(statusOf(0.8, 1, true).status).toBe('at_risk'); // exactly 80%
    expect(statusOf(0.27, 0.35, true).status).toBe('off_track'); // 77.1%
  });

  it('uses expected / actual where lower is better', () => {
    // hard-to-fill share: expected 0.45, actual 0.50 → 0.9 → at risk; actual 0.60 → 0.75 → off track
    expect(statusOf(0.5, 0.45, false)).toEqual({ status: 'at_risk', ratio: 0.9 });
    expect(statusOf(0.6, 0.45, false).status).toBe('off_track');
    expect(statusOf(0.4, 0.45, false).status).toBe('on_track');
  });

  it('honours other thresholds', () => {
    expect(statusOf(0.3, 0.35, true, { onTrack: 0.85, atRisk: 0.5 }).status).toBe('on_track');
    expect(statusOf(0.27, 0.35, true, { onTrack: 0.9, atRisk: 0.75 }).status).toBe('at_risk');
  });
});

describe('assess and pickTarget', () => {
  it('territory targets start on 1 January 2021; programme targets at their start', () => {
    const a = assess(target(), 0.3, '2025-06-30', true, { onTrack: 0.95, atRisk: 0.8 });
    expect(a.start).toBe('2021-01-01');
    expect(a.expected).toBeCloseTo(0.349939, 5);
    expect(a.status).toBe('at_risk'); // 0.30 / 0.34994 = 0.857
    const p = assess(target({ scope: 'programme', start: '2022-01-01' }), 0.3, '2025-06-30', true, { onTrack: 0.95, atRisk: 0.8 });
    // 2022-01-01 → 2029-12-31 is 2921 days; 2025-06-30 is day 1276: 0.30 + 0.10 × 1276/2921 = 0.34368
    expect(p.expected).toBeCloseTo(0.3 + (0.1 * 1276) / 2921, 12);
  });

  it('takes the next target due (a milestone first), else the last one due', () => {
    const ts = [target({ targetId: 'final' }), target({ targetId: 'm', kind: 'milestone', dueDate: '2026-12-31' }), target({ targetId: 'old', dueDate: '2024-12-31' }), target({ targetId: 'other', scopeId: '237' })];
    expect(pickTarget(ts, 'PL_RATE_6', 'territory', '272', '2025-10-31')!.targetId).toBe('m');
    expect(pickTarget(ts, 'PL_RATE_6', 'territory', '272', '2027-01-01')!.targetId).toBe('final');
    expect(pickTarget(ts, 'PL_RATE_6', 'territory', '272', '2030-06-30')!.targetId).toBe('final');
    expect(pickTarget(ts, 'MM_FILL', 'territory', '272', '2025-10-31')).toBeNull();
  });
});

describe('thresholds from the URL and the stated rule', () => {
  it('accepts shares with at risk < on track, else the defaults', () => {
    expect(parseThresholds(new URLSearchParams(''))).toEqual({ thresholds: { onTrack: 0.95, atRisk: 0.8 }, custom: false });
    expect(parseThresholds(new URLSearchParams('on_track=0.9&at_risk=0.7'))).toEqual({ thresholds: { onTrack: 0.9, atRisk: 0.7 }, custom: true });
    expect(parseThresholds(new URLSearchParams('on_track=0.5&at_risk=0.7')).custom).toBe(false);
    expect(parseThresholds(new URLSearchParams('on_track=abc')).custom).toBe(false);
  });

  it('states the thresholds in force in both languages', () => {
    expect(ruleText({ onTrack: 0.95, atRisk: 0.8 }, 'en')).toContain('≥ 95%: on track; 80% to 95%: at risk; below 80%: off track');
    expect(ruleText({ onTrack: 0.9, atRisk: 0.7 }, 'it')).toContain('≥ 90%: in linea');
  });

  it('dates a quarter or a month by its last day', () => {
    expect(periodEnd('2025-Q2')).toBe('2025-06-30');
    expect(periodEnd('2024-Q1')).toBe('2024-03-31');
    expect(periodEnd('2024-02')).toBe('2024-02-29');
    expect(periodEnd('x')).toBeNull();
  });
});
