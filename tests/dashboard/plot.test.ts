// plotToSvg: Observable Plot rendered without a browser (linkedom), as the
// dashboard's server-side first paint of every chart.
import { describe, expect, it } from 'vitest';
import * as Plot from '@observablehq/plot';
import { plotToSvg } from '../../dashboard/src/lib/charts/plot.ts';
import { fmtNumber } from '../../dashboard/src/lib/i18n.ts';

const rows = [
  { provincia: 'Bari', value: 12345.5 },
  { provincia: 'Bologna', value: 23456.25 },
  { provincia: 'La Spezia', value: 3456 },
];

describe('plotToSvg', () => {
  it('renders an svg with one bar per row', () => {
    const svg = plotToSvg({ marks: [Plot.barX(rows, { y: 'provincia', x: 'value' })] });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<rect /g)?.length).toBe(rows.length);
    for (const r of rows) expect(svg).toContain(`>${r.provincia}</text>`);
    // Plot's group names move off aria-label (prohibited on a role-less <g>) to data-plot.
    expect(svg).toContain('data-plot="bar"');
    expect(svg).not.toMatch(/<g[^>]* aria-label=/);
  });

  it('formats ticks in Italian when given the Italian formatter', () => {
    const svg = plotToSvg({
      x: { tickFormat: (v: number) => fmtNumber('it', v) },
      marks: [Plot.barX(rows, { y: 'provincia', x: 'value' })],
    });
    // Italian groups thousands with a dot: 20.000, not 20,000 or 20000.
    expect(svg).toContain('>20.000</text>');
    expect(svg).not.toContain('>20,000</text>');
    const en = plotToSvg({
      x: { tickFormat: (v: number) => fmtNumber('en', v) },
      marks: [Plot.barX(rows, { y: 'provincia', x: 'value' })],
    });
    expect(en).toContain('>20,000</text>');
  });

  it('returns a figure when the chart has a legend', () => {
    const html = plotToSvg({
      color: { legend: true },
      marks: [Plot.barY(rows, { x: 'provincia', y: 'value', fill: 'provincia' })],
    });
    expect(html.startsWith('<figure')).toBe(true);
    expect(html).toContain('<svg');
  });
});
