// Room for a chart's words. An SVG clips what falls outside its box, and a
// phone gives a chart about 320 px: margins must hold the longest label, a
// value printed past the end of a bar, half of the last tick label; and an
// axis must not print more labels than its width holds. Text cannot be
// measured on the server (no layout engine), so widths are estimated from the
// characters: generous on purpose, a few pixels of slack cost nothing while a
// clipped label loses its meaning.
import type * as Plot from '@observablehq/plot';

/** Average advance of a character, as a share of the font size (sans-serif, digits and capitals included). */
const CHAR_EM = 0.62;
/** Plot's default font size for axes and text marks. */
export const PLOT_FONT_SIZE = 10;
/** Space between two tick labels, so neighbours read as two. */
const TICK_GAP = 8;

/** Estimated width in pixels of a one-line label. */
export function textWidth(text: string, fontSize = PLOT_FONT_SIZE): number {
  return Math.ceil([...text].length * fontSize * CHAR_EM);
}

/** A label cut to `max` characters with an ellipsis (the full text stays in the table and the tip). */
export function truncateLabel(text: string, max = 30): string {
  return [...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text;
}

/** A margin that holds the widest of `labels` plus the tick and its padding, never more than `cap`. */
export function labelMargin(labels: string[], fontSize = PLOT_FONT_SIZE, cap = 240): number {
  const widest = Math.max(0, ...labels.map((l) => textWidth(l, fontSize)));
  return Math.min(cap, widest + 14);
}

/** A right (or left) margin that holds half of a tick label centred on the axis's last (first) tick. */
export function halfTickMargin(tickLabels: string[], fontSize = PLOT_FONT_SIZE): number {
  return Math.ceil(Math.max(0, ...tickLabels.map((l) => textWidth(l, fontSize))) / 2) + 4;
}

type Scale = Plot.ScaleOptions & { ticks?: unknown; tickFormat?: unknown; domain?: unknown };

/**
 * How many tick labels fit along an axis `length` pixels long, each about
 * `labelWidth` wide: at least two (both ends of the scale), never more than asked.
 */
export function ticksThatFit(length: number, labelWidth: number, asked = Infinity): number {
  return Math.max(2, Math.min(asked, Math.floor(length / (labelWidth + TICK_GAP))));
}

/** Every k-th value of an ordinal domain, k chosen so the labels do not overlap; the last value always kept. */
export function thinOrdinalTicks<T>(domain: T[], label: (v: T) => string, length: number, fontSize = PLOT_FONT_SIZE): T[] {
  if (!domain.length) return domain;
  const widest = Math.max(...domain.map((v) => textWidth(label(v), fontSize)));
  const fit = ticksThatFit(length, widest);
  if (fit >= domain.length) return domain;
  const step = Math.ceil(domain.length / fit);
  // Counted from the end: the latest period is the one a reader looks for.
  return domain.filter((_, i) => (domain.length - 1 - i) % step === 0);
}

function tickLabel(scale: Scale): (v: unknown) => string {
  return typeof scale.tickFormat === 'function' ? (v) => String((scale.tickFormat as (v: unknown) => unknown)(v)) : (v) => String(v);
}

/**
 * The x axis of `options` fitted to a chart `width` pixels wide: an ordinal
 * axis shows every k-th label, a continuous one at most as many ticks as fit
 * (Plot's own default is one per 80 px, but a fixed `ticks` count does not
 * adapt). Other scales and explicit tick lists are left as they are.
 */
export function fitXTicks(options: Plot.PlotOptions, width: number): Plot.PlotOptions {
  const x = options.x as Scale | undefined;
  if (!x || x.axis === null || Array.isArray(x.ticks)) return options;
  const marginLeft = options.marginLeft ?? options.margin ?? 40;
  const marginRight = options.marginRight ?? options.margin ?? 20;
  const length = Math.max(40, width - marginLeft - marginRight);
  const label = tickLabel(x);
  if ((x.type === 'band' || x.type === 'point') && Array.isArray(x.domain)) {
    const ticks = thinOrdinalTicks(x.domain as unknown[], label, length);
    return ticks.length === (x.domain as unknown[]).length ? options : { ...options, x: { ...x, ticks } };
  }
  if (x.type === 'utc' || x.type === 'time') {
    // A time axis's labels are not known before Plot picks them: a month stands in.
    const asked = typeof x.ticks === 'number' ? x.ticks : Infinity;
    return { ...options, x: { ...x, ticks: ticksThatFit(length, textWidth(label(new Date(Date.UTC(2025, 8, 1)))), asked) } };
  }
  if (typeof x.ticks === 'number') {
    // A fixed count on a number axis: no more than Plot's own default density (one per 80 px).
    return { ...options, x: { ...x, ticks: Math.max(2, Math.min(x.ticks, Math.floor(length / 80))) } };
  }
  return options;
}
