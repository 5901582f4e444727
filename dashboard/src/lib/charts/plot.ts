// Observable Plot on both sides of the page. On the server there is no DOM, so
// Plot builds its SVG in a linkedom document and we send the markup as the
// first paint; in the browser Plot uses the real `document` (and keeps its
// pointer interactions such as tips). Pages never hand-write chart SVG.
import * as Plot from '@observablehq/plot';
import { fitXTicks } from './fit.ts';

/**
 * A document for Plot when the global one is missing (SSR, unit tests).
 * Loaded with a dynamic import so the browser bundle never executes linkedom:
 * in the browser `document` exists and the import is not reached.
 */
const serverDocument: Document | null =
  typeof document === 'undefined'
    ? ((await import('linkedom')).parseHTML('<!doctype html><html><body></body></html>')
        .document as unknown as Document)
    : null;

/** The document Plot should build into: the real one in a browser, linkedom's on the server. */
export function plotDocument(): Document {
  if (typeof document !== 'undefined') return document;
  if (!serverDocument) throw new Error('PLOT_NO_DOCUMENT: no DOM document available to render a chart.');
  return serverDocument;
}

/**
 * Renders a Plot chart to a live element (SVG, or a <figure> when it has a
 * legend, title or caption).
 *
 * Plot names its groups with aria-label ("bar", "x-axis tick"), which ARIA
 * prohibits on elements without a role (axe: aria-prohibited-attr, serious).
 * The chart's accessible name is on PlotFigure and its data is in a table, so
 * the names move to data-plot (e.g. g[data-plot=bar]), still there for tests
 * and styling.
 *
 * The x axis is fitted to the width the chart is drawn at (see fitXTicks), so
 * a phone's 320 px does not print labels over each other.
 */
export function plotElement(options: Plot.PlotOptions): SVGSVGElement | HTMLElement {
  const fitted = fitXTicks(options, options.width ?? 640);
  const el = Plot.plot({ ...fitted, document: options.document ?? plotDocument() });
  for (const g of el.querySelectorAll('g[aria-label]')) {
    g.setAttribute('data-plot', g.getAttribute('aria-label') ?? '');
    g.removeAttribute('aria-label');
  }
  for (const g of el.querySelectorAll('g[aria-description]')) g.removeAttribute('aria-description');
  return el;
}

/** Renders a Plot chart to markup: the server-side first paint of a chart. */
export function plotToSvg(options: Plot.PlotOptions): string {
  return plotElement(options).outerHTML;
}
