// The funder pages' chart builders (dashboard/src/lib/components/spend/charts.ts)
// rendered with the dashboard's own server-side Plot renderer: the figures
// drawn are the mart's, the projection is labelled as one, formats are Italian.
// Rows are hand-made in the shape of mart.project_financial_history / SP_TGT.
import { describe, expect, it } from 'vitest';
import { plotToSvg } from '../../dashboard/src/lib/charts/plot.ts';
import {
  forecastOf,
  paceOptions,
  stageHistoryOptions,
  targetOptions,
  type HistoryRow,
  type TargetRow,
} from '../../dashboard/src/lib/components/spend/charts.ts';
import { statusRule } from '../../dashboard/src/lib/components/spend/labels.ts';

// Project 2023-12-15 → 2026-12-15 (1096 days), two snapshots; the first flagged by the loader.
const base = { start_date: '2023-12-15', end_date: '2026-12-15', programmed: 4_000_000, admitted: 4_000_000, legally_committed: 4_000_000, certified: null };
const history: HistoryRow[] = [
  { ...base, as_of: '2024-06-30', paid: 100_000, paid_share: 0.025, elapsed_share: 198 / 1096, forecast_paid_at_end: 553_535.35, is_latest: false, stages_consistent: false, loader_flagged: true },
  { ...base, as_of: '2025-03-31', paid: 605_305.62, paid_share: 0.151326405, elapsed_share: 472 / 1096, forecast_paid_at_end: 1_405_540.17, is_latest: true, stages_consistent: true, loader_flagged: false },
];

/** The chart's markup with entities and non-breaking spaces as plain spaces (Intl puts NBSP before €). */
const render = (options: Parameters<typeof plotToSvg>[0]) =>
  plotToSvg(options).replaceAll('&#160;', ' ').replaceAll('&#8239;', ' ').replace(/[\u00a0\u202f]/g, ' ');

describe('spend charts', () => {
  it('forecast runs from the latest snapshot to the planned end at its average pace', () => {
    const f = forecastOf(history)!;
    expect(f).toMatchObject({ fromDate: '2025-03-31', fromPaid: 605_305.62, toDate: '2026-12-15', toPaid: 1_405_540.17 });
    expect(f.toShare).toBeCloseTo(1_405_540.17 / 4_000_000, 10);
    // a straight line through the origin: the projected share is the paid share over the elapsed share
    expect(f.toShare).toBeCloseTo(0.151326405 / (472 / 1096), 6);
    expect(forecastOf([{ ...history[1], forecast_paid_at_end: null }])).toBeNull();
    expect(forecastOf([{ ...history[1], end_date: null }])).toBeNull();
  });

  it('stage history: one line per reported stage, the projection labelled, Italian money and dates, the flagged snapshot ringed', () => {
    const svg = render(stageHistoryOptions(history, 'it'));
    expect(svg).toContain('proiezione: 1.405.540,17 €');
    expect(svg).toContain('Pagato, 31 mar 2025: 605.305,62 €');
    expect(svg).toContain('fotografia segnalata dal caricamento');
    expect(svg).toMatch(/stroke-dasharray="6,4"/);
    // one dashed projection; certified is null in both snapshots, so it is not drawn
    expect(svg.match(/<g [^>]*stroke-dasharray="6,4"/g)?.length).toBe(1);
    expect(svg.match(/<title>Pagato, /g)?.length).toBe(2);
    expect(svg).not.toContain('Certificato,');
    const en = render(stageHistoryOptions(history, 'en'));
    expect(en).toContain('projection: €1,405,540.17');
  });

  it('pace: the diagonal reference, each snapshot, the projection to 100% of the duration', () => {
    const opts = paceOptions(history, 'it');
    const svg = render(opts);
    expect(svg).toContain('spesa lineare (riferimento)');
    expect(svg).toContain('proiezione: 35,1%'); // 1,405,540.17 / 4,000,000
    expect(svg).toContain('31 mar 2025: Quota pagata (pagato / ammesso) 15,1%, Quota di durata trascorsa 43,1%');
    expect((opts.x as { domain: number[] }).domain).toEqual([0, 1]);
  });

  it('targets: status as text and colour, the rule with its thresholds', () => {
    const rows: TargetRow[] = [
      { indicator: 'EECO01', target_kind: 'milestone', due_date: '2024-12-31', baseline: 2, target_value: 26, expected: 26, actual: 27, progress: 27 / 26, status: 'on_track' },
      { indicator: 'EECO01', target_kind: 'target', due_date: '2029-12-31', baseline: 2, target_value: 84, expected: 27.48, actual: 27, progress: 27 / 27.48, status: 'on_track' },
      { indicator: 'EECR04', target_kind: 'milestone', due_date: '2024-12-31', baseline: 0, target_value: 10, expected: 10, actual: 7, progress: 0.7, status: 'off_track' },
    ];
    const svg = render(targetOptions(rows, 'it'));
    expect(svg).toContain('EECO01 · Traguardo 2024');
    expect(svg).toContain('EECO01 · Obiettivo 2029');
    expect(svg).toContain('fuori linea');
    expect(svg).toContain('Attuale: 7 (fuori linea)');
    expect(statusRule('it', { onTrack: 0.95, atRisk: 0.8 })).toContain('≥ 95%: in linea; tra 80% e 95%: a rischio; < 80%: fuori linea');
  });
});
