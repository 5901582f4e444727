// How the dashboard picks and formats a KPI chart (dashboard/src/lib/charts/
// kpiChart.ts), rendered with plotToSvg as the server's first paint.
import { describe, expect, it } from 'vitest';
import { defaultMark, kpiChartOptions, MAX_CHART_ROWS } from '../../dashboard/src/lib/charts/kpiChart.ts';
import { plotToSvg } from '../../dashboard/src/lib/charts/plot.ts';
import type { KpiView } from '../../dashboard/src/lib/types.ts';

function view(dims: string[], rows: Record<string, unknown>[], unit = 'share', value = 'placement_rate'): KpiView {
  return {
    code: 'PL_RATE_6',
    name: { it: 'Tasso di inserimento a 6 mesi', en: 'Placement rate at 6 months' },
    unit,
    value,
    higherIsBetter: true,
    dims,
    columns: [
      ...dims.map((d) => ({ name: d, type: 'dimension' as const, unit: 'text', label: { it: d, en: d } })),
      { name: value, type: 'measure' as const, unit, label: { it: 'Valore', en: 'Value' } },
      { name: 'placed', type: 'measure' as const, unit: 'count', label: { it: 'Inseriti', en: 'Placed' } },
    ],
    rows,
    asOf: null,
    error: null,
  };
}

const provinces = [
  { province: '272', placement_rate: 0.401, placed: 75 },
  { province: '237', placement_rate: 0.39, placed: 55 },
  { province: '011', placement_rate: 0.3, placed: 21 },
];
const labels = { province: { '272': 'Bari', '237': 'Bologna', '011': 'La Spezia' } };
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replaceAll('&#160;', ' ').replaceAll('\u00a0', ' '));

describe('kpiChartOptions', () => {
  it('one category: horizontal bars, one per row, sorted by value, labelled, ticks in Italian percent', () => {
    const svg = plotToSvg(kpiChartOptions(view(['province'], provinces), 'it', 'bar', labels)!);
    expect(svg.match(/<rect /g)?.length).toBe(3);
    const t = texts(svg);
    expect(t.indexOf('Bari')).toBeLessThan(t.indexOf('La Spezia'));
    expect(t).toContain('Bologna');
    expect(t).toContain('40%');
    expect(t).toContain('Valore →');
  });

  it('English pages format the same chart in English (thousands, labels)', () => {
    const counts = provinces.map((p) => ({ ...p, placed: p.placed * 1000 }));
    const it = texts(plotToSvg(kpiChartOptions(view(['province'], counts, 'count', 'placed'), 'it', 'bar', labels)!));
    const en = texts(plotToSvg(kpiChartOptions(view(['province'], counts, 'count', 'placed'), 'en', 'bar', labels)!));
    expect(it).toContain('20.000');
    expect(en).toContain('20,000');
    expect(en).toContain('Value →');
  });

  it('a time dimension defaults to a line with one series per other category; months on a time axis', () => {
    const rows = ['2025-01', '2025-02', '2025-03'].flatMap((month, i) => [
      { month, gender: 'F', placement_rate: 0.3 + i / 100, placed: 1 },
      { month, gender: 'M', placement_rate: 0.2 + i / 100, placed: 1 },
    ]);
    const v = view(['month', 'gender'], rows);
    expect(defaultMark(v)).toBe('line');
    expect(defaultMark(view(['province'], provinces))).toBe('bar');
    const svg = plotToSvg(kpiChartOptions(v, 'it', 'line', { gender: { F: 'Donna', M: 'Uomo' } })!);
    expect(svg.match(/data-plot="line"/g)?.length).toBe(1);
    expect(svg.match(/<path /g)?.length).toBeGreaterThanOrEqual(2);
    expect(svg).toContain('Donna'); // legend
    expect(texts(svg).some((x) => /gen 2025|feb 2025/.test(x))).toBe(true);
  });

  it('two categories: bars faceted by the first, coloured by the second, with a legend', () => {
    const rows = provinces.flatMap((p) => ['F', 'M'].map((g) => ({ ...p, gender: g })));
    const html = plotToSvg(kpiChartOptions(view(['province', 'gender'], rows), 'it', 'bar', labels)!);
    expect(html.startsWith('<figure')).toBe(true);
    expect(html.match(/<rect /g)!.length).toBeGreaterThanOrEqual(6);
  });

  it('euro values read as €, whole euros on the axis', () => {
    const rows = [
      { programme: 'A', paid: 1234567.5, placed: 1 },
      { programme: 'B', paid: 250000, placed: 1 },
    ];
    const t = texts(plotToSvg(kpiChartOptions(view(['programme'], rows, 'euro', 'paid'), 'it', 'bar')!));
    expect(t).toContain('200.000 €');
    expect(t).toContain('1,2 Mln €');
    const en = texts(plotToSvg(kpiChartOptions(view(['programme'], rows, 'euro', 'paid'), 'en', 'bar')!));
    expect(en).toContain('€200,000');
  });

  it('draws at most MAX_CHART_ROWS and nothing for errors or rows without a value', () => {
    const many = Array.from({ length: MAX_CHART_ROWS + 10 }, (_, i) => ({ province: String(100 + i), placement_rate: i / 100, placed: i }));
    const svg = plotToSvg(kpiChartOptions(view(['province'], many), 'it', 'bar')!);
    expect(svg.match(/<rect /g)?.length).toBe(MAX_CHART_ROWS);
    expect(kpiChartOptions(view(['province'], [{ province: '1', placement_rate: null, placed: 0 }]), 'it', 'bar')).toBeNull();
    expect(kpiChartOptions({ ...view([], []), error: { code: 'X', message: 'x', status: 400 } }, 'it', 'bar')).toBeNull();
  });
});
