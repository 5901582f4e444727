// The service funnel of /placements (PL_FUNNEL): one horizontal bar per stage,
// registered → employed, each with its count printed past the end of the bar.
// Margins hold the longest stage name on the left and the widest count on the
// right (the longest bar reaches the edge, so its count sits in the margin);
// the axis counts in the page's language (5.000, never 5,000, on Italian pages).
import * as Plot from '@observablehq/plot';
import { formatCount, type Lang } from '../labels/index.ts';
import { axisFormat } from './format.ts';
import { labelMargin, PLOT_FONT_SIZE, textWidth } from './fit.ts';

/** One stage of the funnel as the page's table shows it. */
export interface FunnelStage {
  key: string;
  label: string;
  /** People at this stage; null when the KPI has no figure (the stage has no bar). */
  n: number | null;
}

export const FUNNEL_COLOUR = '#0b4f8a';
/** Font size of the counts printed beside the bars. */
const COUNT_FONT_SIZE = 11;

export function funnelOptions(stages: FunnelStage[], lang: Lang, axisLabel: string): Plot.PlotOptions {
  const drawn = stages.filter((s): s is FunnelStage & { n: number } => s.n !== null);
  const count = (d: { n: number }) => formatCount(lang, d.n, 0);
  return {
    height: 40 + stages.length * 32,
    marginLeft: labelMargin(stages.map((s) => s.label), PLOT_FONT_SIZE),
    marginRight: Math.max(20, ...drawn.map((d) => textWidth(count(d), COUNT_FONT_SIZE) + 10)),
    x: { label: axisLabel, grid: true, tickFormat: axisFormat(lang, 'count'), ticks: 5 },
    y: { label: null, domain: stages.map((s) => s.label) },
    marks: [
      Plot.barX(drawn, { x: 'n', y: 'label', fill: FUNNEL_COLOUR }),
      Plot.text(drawn, { x: 'n', y: 'label', text: count, dx: 4, textAnchor: 'start', fontSize: COUNT_FONT_SIZE, fill: '#1a1a1a' }),
      Plot.ruleX([0]),
    ],
  };
}
