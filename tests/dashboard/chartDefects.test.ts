// Render-and-compare tests of the chart defects seen on the demo: each chart's
// Plot options are rendered to SVG (linkedom, as the server's first paint, or
// at a phone's width as the browser does) and the marks, ticks and labels are
// read back from the markup. Text cannot be measured without a layout engine:
// a label's width is estimated here as 0.6 em per character, independently of
// the charts' own estimate.
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { kpiChartOptions, partialPeriods } from '../../dashboard/src/lib/charts/kpiChart.ts';
import { funnelOptions } from '../../dashboard/src/lib/charts/funnel.ts';
import { plotElement, plotToSvg } from '../../dashboard/src/lib/charts/plot.ts';
import { paceOptions, stageBarsOptions, stageHistoryOptions, type HistoryRow } from '../../dashboard/src/lib/components/spend/charts.ts';
import type { KpiView } from '../../dashboard/src/lib/types.ts';

interface Label {
  text: string;
  x: number;
  y: number;
  fontSize: number;
  anchor: string;
}

const translate = (el: Element | null): [number, number] => {
  const m = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(el?.getAttribute('transform') ?? '');
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
};

/** The texts of a Plot group (data-plot name) with their positions on the canvas. */
function labels(svg: string, group: string): Label[] {
  const { document } = parseHTML(`<!doctype html><html><body>${svg}</body></html>`);
  return [...document.querySelectorAll(`g[data-plot="${group}"]`)].flatMap((g) => {
    const [gx, gy] = translate(g);
    const fontSize = Number(g.getAttribute('font-size') ?? 10);
    const anchor = g.getAttribute('text-anchor') ?? 'middle';
    return [...g.querySelectorAll('text')].map((t) => {
      const [x, y] = translate(t);
      return { text: (t.textContent ?? '').replaceAll('\u00a0', ' '), x: gx + x, y: gy + y, fontSize, anchor };
    });
  });
}

/** Estimated horizontal extent [left, right] of a label. */
function extent(l: Label): [number, number] {
  const w = [...l.text].length * l.fontSize * 0.6;
  return l.anchor === 'start' ? [l.x, l.x + w] : l.anchor === 'end' ? [l.x - w, l.x] : [l.x - w / 2, l.x + w / 2];
}

/** The chart's width (a legend's swatches are small SVGs of their own). */
const svgWidth = (svg: string) => Math.max(...[...svg.matchAll(/<svg[^>]* width="([\d.]+)"/g)].map((m) => Number(m[1])));

function view(code: string, dims: string[], rows: Record<string, unknown>[], unit: string, value: string, asOf: string | null = null): KpiView {
  return {
    code,
    name: { it: code, en: code },
    unit,
    value,
    higherIsBetter: null,
    dims,
    columns: [
      ...dims.map((d) => ({ name: d, type: 'dimension' as const, unit: 'text', label: { it: d, en: d } })),
      { name: value, type: 'measure' as const, unit, label: { it: 'Valore', en: 'Value' } },
    ],
    rows,
    asOf,
    error: null,
  };
}

describe('SP_RISK at €0', () => {
  it('draws zero-length bars on an axis from 0, each labelled 0 €, not four full-width bars', () => {
    const rows = ['FSE+ ER', 'FESR ER', 'PN GIOVANI', 'PN INCLUSIONE'].map((programme) => ({ programme, at_risk_amount: 0 }));
    const svg = plotToSvg(kpiChartOptions(view('SP_RISK', ['programme'], rows, 'euro', 'at_risk_amount'), 'it', 'bar')!);
    const widths = [...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(4);
    for (const w of widths) expect(w).toBeLessThan(1);
    expect(labels(svg, 'x-axis tick label').map((l) => l.text)).toEqual(['0 €']);
    expect(labels(svg, 'text').map((l) => l.text)).toEqual(['0 €', '0 €', '0 €', '0 €']);
  });
});

describe('labels inside the chart', () => {
  it('spend bars: a long project label is cut and fits the left margin; the last amount tick fits the right one', () => {
    const rows = [
      { label: 'Percorsi di formazione e accompagnamento al lavoro per giovani NEET della provincia di Bari', admitted: 12_400_000, legally_committed: 9_000_000, paid: 4_300_000 },
      { label: 'PR FSE+ 2021-2027', admitted: 3_000_000, legally_committed: 2_000_000, paid: 1_000_000 },
    ];
    const svg = plotToSvg(stageBarsOptions(rows, 'it'));
    const left = labels(svg, 'y-axis tick label');
    expect(left).toHaveLength(2);
    expect(left[0].text.endsWith('…')).toBe(true);
    for (const l of left) expect(extent(l)[0]).toBeGreaterThanOrEqual(0);
    const bottom = labels(svg, 'x-axis tick label');
    for (const l of bottom) expect(extent(l)[1]).toBeLessThanOrEqual(svgWidth(svg));
  });

  it('placements funnel: stage names and the count past the longest bar stay inside; Italian ticks', () => {
    const stages = [
      { key: 'registered', label: 'Registrate', n: 123_456 },
      { key: 'agreement', label: 'Patto di servizio', n: 98_765 },
      { key: 'active_measure', label: 'Almeno una misura attiva', n: 54_321 },
      { key: 'completed', label: 'Misura completata', n: 40_000 },
      { key: 'employed', label: 'Occupate', n: 21_000 },
    ];
    const svg = plotToSvg(funnelOptions(stages, 'it', 'Persone'));
    for (const l of labels(svg, 'y-axis tick label')) expect(extent(l)[0]).toBeGreaterThanOrEqual(0);
    const counts = labels(svg, 'text');
    expect(counts.map((l) => l.text)).toEqual(['123.456', '98.765', '54.321', '40.000', '21.000']);
    for (const l of counts) expect(extent(l)[1]).toBeLessThanOrEqual(svgWidth(svg));
    const ticks = labels(svg, 'x-axis tick label').map((l) => l.text);
    expect(ticks).toContain('100.000');
    expect(ticks.some((t) => /\d,\d{3}/.test(t))).toBe(false);
    const en = labels(plotToSvg(funnelOptions(stages, 'en', 'People')), 'x-axis tick label').map((l) => l.text);
    expect(en).toContain('100,000');
  });
});

describe('a partial last quarter', () => {
  // Data as of 15 November 2025: the fourth quarter holds six weeks of hires.
  const rows = [
    { quarter: '2025-Q1', hires: 900 },
    { quarter: '2025-Q2', hires: 950 },
    { quarter: '2025-Q3', hires: 1000 },
    { quarter: '2025-Q4', hires: 310 },
  ];
  const v = view('LM_HIRES', ['quarter'], rows, 'count', 'hires', '2025-11-15');

  it('is not on the solid line: dashed from the last complete quarter, hollow, labelled partial', () => {
    const svg = plotToSvg(kpiChartOptions(v, 'it', 'line')!);
    const { document } = parseHTML(`<!doctype html><html><body>${svg}</body></html>`);
    const lines = [...document.querySelectorAll('g[data-plot="line"]')];
    expect(lines).toHaveLength(2);
    const solid = lines.find((g) => !g.getAttribute('stroke-dasharray'))!;
    const dashed = lines.find((g) => g.getAttribute('stroke-dasharray'))!;
    // Three complete quarters: a path of three points (M + 2 L).
    expect(solid.querySelector('path')!.getAttribute('d')!.match(/[ML]/g)).toHaveLength(3);
    expect(dashed.querySelector('path')!.getAttribute('d')!.match(/[ML]/g)).toHaveLength(2);
    expect(labels(svg, 'text').map((l) => l.text)).toEqual(['parziale']);
    expect(partialPeriods(v)).toEqual(['2025-Q4']);
    const en = plotToSvg(kpiChartOptions(v, 'en', 'line')!);
    expect(labels(en, 'text').map((l) => l.text)).toEqual(['partial']);
  });

  it('a complete last quarter (as of its last day) is drawn on the solid line', () => {
    const svg = plotToSvg(kpiChartOptions({ ...v, asOf: '2025-12-31' }, 'it', 'line')!);
    expect(svg.match(/data-plot="line"/g)).toHaveLength(1);
    expect(svg).not.toContain('parziale');
  });
});

describe('pace projection beyond the admitted amount', () => {
  const snapshot = (as_of: string, paid: number, elapsed: number, latest: boolean): HistoryRow => ({
    as_of,
    programmed: 1_000_000,
    admitted: 1_000_000,
    legally_committed: 900_000,
    paid,
    certified: null,
    paid_share: paid / 1_000_000,
    elapsed_share: elapsed,
    // The mart's straight-line forecast: paid / elapsed share.
    forecast_paid_at_end: latest ? paid / elapsed : null,
    is_latest: latest,
    stages_consistent: true,
    loader_flagged: false,
    start_date: '2024-01-01',
    end_date: '2027-12-31',
  });
  // 498,000 paid at 20 % of the time: 2,490,000 at this pace, 249 % of the admitted.
  const rows = [snapshot('2024-05-31', 200_000, 0.1, false), snapshot('2024-10-31', 498_000, 0.2, true)];

  it('pace chart: capped at 100 % and flagged with the uncapped 249 %', () => {
    const svg = plotToSvg(paceOptions(rows, 'it'));
    const ticks = labels(svg, 'y-axis tick label').map((l) => Number(l.text.replace('%', '').replace(',', '.')));
    expect(Math.max(...ticks)).toBe(100);
    const text = labels(svg, 'text').map((l) => l.text);
    expect(text).toContain('proiezione oltre l’ammesso: 249% a fine progetto');
    expect(svg).toMatch(/data-plot="dot"[^>]*stroke="#b00020"/);
  });

  it('stage history: the projection stops at the admitted amount, flagged with the projected total', () => {
    const svg = plotToSvg(stageHistoryOptions(rows, 'it'));
    const ticks = labels(svg, 'y-axis tick label').map((l) => l.text);
    expect(ticks.some((t) => /2 Mln|2,5 Mln/.test(t))).toBe(false);
    expect(labels(svg, 'text').map((l) => l.text)).toEqual(['proiezione oltre l’ammesso: 2.490.000,00 € a fine progetto']);
  });
});

describe('ticks at phone width (360 px)', () => {
  const noOverlap = (ls: Label[]) => {
    const spans = ls.map(extent).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i][0], `${ls[i - 1]?.text} / ${ls[i]?.text}`).toBeGreaterThanOrEqual(spans[i - 1][1]);
  };

  it('a line over twelve quarters shows fewer labels, none over another, the latest kept', () => {
    const quarters = ['2023', '2024', '2025'].flatMap((y) => [1, 2, 3, 4].map((q) => `${y}-Q${q}`));
    const v = view('PL_RATE_6', ['quarter'], quarters.map((quarter, i) => ({ quarter, rate: 0.3 + i / 100 })), 'share', 'rate');
    const el = plotElement({ ...kpiChartOptions(v, 'it', 'line')!, width: 360 });
    const ticks = labels(el.outerHTML, 'x-axis tick label');
    expect(ticks.length).toBeLessThan(12);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks.at(-1)!.text).toBe('IV trim. 2025');
    noOverlap(ticks);
  });

  it('the stage history’s month axis and the spend bars’ amount axis do not overlap', () => {
    const history = Array.from({ length: 10 }, (_, i): HistoryRow => ({
      as_of: `20${22 + Math.floor(i / 4)}-${String((i % 4) * 3 + 1).padStart(2, '0')}-28`,
      programmed: 5_000_000,
      admitted: 4_000_000,
      legally_committed: 3_000_000,
      paid: 300_000 * i,
      certified: null,
      paid_share: (300_000 * i) / 4_000_000,
      elapsed_share: i / 20,
      forecast_paid_at_end: i === 9 ? 3_900_000 : null,
      is_latest: i === 9,
      stages_consistent: true,
      loader_flagged: false,
      start_date: '2022-01-01',
      end_date: '2028-12-31',
    }));
    noOverlap(labels(plotElement({ ...stageHistoryOptions(history, 'it'), width: 360 }).outerHTML, 'x-axis tick label'));
    const bars = [{ label: 'PR FSE+', admitted: 123_456_789, legally_committed: 100_000_000, paid: 98_765_432 }];
    noOverlap(labels(plotElement({ ...stageBarsOptions(bars, 'it'), width: 360 }).outerHTML, 'x-axis tick label'));
  });
});
