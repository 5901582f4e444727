// The /mismatch choropleth as Observable Plot options: one `geo` mark for the
// areas without data (grey, hidden from assistive technology), one for the
// areas with data (coloured by class, each a keyboard-focusable link with a
// spoken label and a hover title), one outline for the selected area. Pure:
// the same options render on the server (first paint) and in the browser.
import * as Plot from '@observablehq/plot';
import type { Feature, FeatureCollection, Geometry } from 'geojson';

/** An area to draw: its code (cod_uts or comune code) and name travel in properties. */
export type Area = Feature<Geometry, { code: string; name: string }>;

export interface AreaValue {
  value: number;
  /** The value as shown to people, with its counts (e.g. "52,3% · 23 su 44"). */
  text: string;
}

export interface ColourClass {
  colour: string;
  /** Legend text for the class, e.g. "40–45%". */
  label: string;
}

export interface Classes {
  /** Upper bounds between classes (length = classes.length − 1), for Plot's threshold scale. */
  thresholds: number[];
  classes: ColourClass[];
}

export const NO_DATA_COLOUR = '#ececec';

/** ColorBrewer sequential ramps, darkest last; the lightest steps are left out so every class stands off the no-data grey. */
export const RAMPS = {
  /** For measures where more is worse (hard-to-fill share, time to fill, declines). */
  worse: ['#fdd0a2', '#fdae6b', '#fd8d3c', '#e6550d', '#a63603'],
  /** For neutral sizes (vacancies, tightness). */
  neutral: ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'],
} as const;

/** Rounds to two significant figures, so class bounds read as 0.45 or 120, not 0.4473. */
export function nice(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(2));
}

/**
 * Path coordinates to one decimal of a pixel: Plot writes three, which for a
 * national map is ~30% of the markup and invisible on screen.
 */
function roundPathsIn<T extends Element>(g: T): T {
  for (const path of Array.from(g.querySelectorAll('path'))) {
    const d = path.getAttribute('d');
    if (d) path.setAttribute('d', d.replace(/(\.\d)\d+/g, '$1'));
  }
  return g;
}

const roundPaths: Plot.RenderFunction = function (index, scales, values, dimensions, context, next) {
  return roundPathsIn(next!(index, scales, values, dimensions, context) as SVGElement);
};

/** `count` colours spread over the ramp, so two classes are not two neighbouring shades; one class takes the darkest. */
function spreadOver(ramp: readonly string[], count: number): string[] {
  return Array.from({ length: count }, (_, k) => ramp[count === 1 ? ramp.length - 1 : Math.round((k * (ramp.length - 1)) / (count - 1))]!);
}

/**
 * Up to `max` quantile classes over the values (fewer when there are few
 * distinct values), with rounded bounds and a legend label per class.
 */
export function colourClasses(
  values: number[],
  ramp: readonly string[],
  format: (v: number) => string,
  max = 5,
): Classes {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  const distinct = [...new Set(sorted)];
  const n = Math.max(1, Math.min(max, ramp.length, distinct.length));
  const thresholds: number[] = [];
  for (let k = 1; k < n; k++) {
    // Quantiles of the distinct values: ties (many areas at 0%) must not swallow a class.
    const q = nice(distinct[Math.floor((k * distinct.length) / n)]!);
    if (q > (thresholds.at(-1) ?? -Infinity) && q > sorted[0]! && q <= sorted.at(-1)!) thresholds.push(q);
  }
  const count = thresholds.length + 1;
  const colours = spreadOver(ramp, count);
  const classes = colours.map((colour, k): ColourClass => {
    const lo = thresholds[k - 1];
    const hi = thresholds[k];
    const label =
      count === 1 ? format(sorted[0] ?? 0) : lo === undefined ? `< ${format(hi!)}` : hi === undefined ? `≥ ${format(lo)}` : `${format(lo)} – ${format(hi)}`;
    return { colour, label };
  });
  return { thresholds, classes };
}

/**
 * Classes for whole counts (offices in a comune): one class per count when
 * the counts fit the ramp, so the legend reads "1 ufficio", "2 uffici" rather
 * than "< 2" and "≥ 2"; otherwise ranges of whole numbers, the last open.
 * `label(lo, hi)` names a class, `hi` undefined for the open one.
 */
export function countClasses(
  values: number[],
  ramp: readonly string[],
  label: (lo: number, hi: number | undefined) => string,
  max = 5,
): Classes {
  const counts = values.filter(Number.isFinite).map((v) => {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`countClasses: ${v} is not a whole count`);
    return v;
  });
  const distinct = [...new Set(counts)].sort((a, b) => a - b);
  const n = Math.min(max, ramp.length);
  // One class per distinct count when they fit; else the bounds colourClasses would
  // choose, which are whole numbers here because the counts are.
  const thresholds = distinct.length <= n ? distinct.slice(1) : colourClasses(counts, ramp, String, n).thresholds;
  const lows = [distinct[0] ?? 0, ...thresholds];
  const colours = spreadOver(ramp, lows.length);
  return {
    thresholds,
    classes: lows.map((lo, k) => {
      const next = thresholds[k];
      const hi = next === undefined ? (distinct.length <= n ? lo : undefined) : next - 1;
      return { colour: colours[k]!, label: label(lo, hi) };
    }),
  };
}

/** The class index a value falls in (the same rule as Plot's threshold scale: bounds belong to the upper class). */
export function classOf(value: number, thresholds: number[]): number {
  let k = 0;
  while (k < thresholds.length && value >= thresholds[k]!) k++;
  return k;
}

export interface ChoroplethSpec {
  areas: Area[];
  values: Record<string, AreaValue>;
  classes: Classes;
  /** What the map shows, e.g. "Quota di offerte di difficile reperimento per provincia". */
  title: string;
  /** Spoken after each area's value, e.g. "scegli per filtrare". */
  action?: string;
  /** Longer description of the map for assistive technology. */
  description?: string;
  /** Where following an area leads (e.g. the page filtered to it); no links when absent. */
  href?: (code: string) => string;
  selected?: string;
  /** Areas the map is fitted to (default: all). */
  fitTo?: Area[];
  width?: number;
}

const collection = (features: Area[]): FeatureCollection => ({ type: 'FeatureCollection', features });

/** Plot options for the map. Rendered with plotToSvg / PlotFigure. */
export function choroplethOptions(spec: ChoroplethSpec): Plot.PlotOptions {
  const withData = spec.areas.filter((a) => spec.values[a.properties.code]);
  const without = spec.areas.filter((a) => !spec.values[a.properties.code]);
  const selected = spec.areas.filter((a) => a.properties.code === spec.selected);
  const spoken = (a: Area) => {
    const v = spec.values[a.properties.code]!;
    return `${a.properties.name}: ${v.text}${spec.action ? ` — ${spec.action}` : ''}`;
  };
  // Plot puts aria-label on each path; a link needs its own accessible name
  // and a hook for the page's details panel, so both are set on the <a>.
  const labelLinks: Plot.RenderFunction = function (index, scales, values, dimensions, context, next) {
    const g = next!(index, scales, values, dimensions, context) as SVGGElement;
    const children = Array.from(g.children);
    children.forEach((el, k) => {
      const area = withData[index[k]!]!;
      el.setAttribute('data-code', area.properties.code);
      if (el.tagName.toLowerCase() === 'a') el.setAttribute('aria-label', spoken(area));
    });
    return roundPathsIn(g);
  };
  return {
    width: spec.width ?? 640,
    projection: {
      type: 'conic-conformal',
      parallels: [38, 46],
      rotate: [-12.5, 0],
      domain: collection(spec.fitTo?.length ? spec.fitTo : spec.areas),
    },
    color: { type: 'threshold', domain: spec.classes.thresholds, range: spec.classes.classes.map((c) => c.colour) },
    ariaLabel: spec.title,
    ariaDescription: spec.description,
    className: 'choropleth',
    marks: [
      Plot.geo(without, { fill: NO_DATA_COLOUR, stroke: '#a8a8a8', strokeWidth: 0.4, ariaHidden: 'true', render: roundPaths }),
      Plot.geo(withData, {
        fill: (a: Area) => spec.values[a.properties.code]!.value,
        stroke: '#ffffff',
        strokeWidth: 0.6,
        title: (a: Area) => `${a.properties.name}: ${spec.values[a.properties.code]!.text}`,
        ariaLabel: spoken,
        ...(spec.href ? { href: (a: Area) => spec.href!(a.properties.code) } : {}),
        render: labelLinks,
      }),
      Plot.geo(selected, { fill: 'none', stroke: '#111111', strokeWidth: 2.2, ariaHidden: 'true', render: roundPaths }),
    ],
  };
}
