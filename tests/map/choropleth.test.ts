// The /mismatch choropleth without a browser: the shipped boundaries, their
// simplified copies, the colour classes and the Plot options rendered to SVG
// on the server (linkedom), exactly as the page's first paint is.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Feature, Geometry, Position } from 'geojson';
import type { Topology } from 'topojson-specification';
import { plotToSvg } from '../../dashboard/src/lib/charts/plot.ts';
import {
  countClasses,
  choroplethOptions,
  classOf,
  colourClasses,
  NO_DATA_COLOUR,
  RAMPS,
} from '../../dashboard/src/lib/map/choropleth.ts';
import { comuneAreas, provinceAreas } from '../../dashboard/src/lib/map/areas.ts';
import { GEO_BUILDS } from '../../dashboard/src/lib/map/buildGeo.ts';
import { simplifyTopology } from '../../dashboard/src/lib/map/simplifyTopology.ts';
import { rankOccupations } from '../../dashboard/src/lib/map/ranking.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const readTopo = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Topology;
const PROVINCES = readTopo('dashboard/src/lib/map/geo/provinces.topo.json');
/** Area in square degrees of latitude (longitude shrunk by cos 42°): enough to compare two versions of one outline. */
function planarArea(f: Feature<Geometry>): number {
  const ring = (r: Position[]) =>
    r.reduce(
      (s, [x, y], k) =>
        s + (x * 0.743 * r[(k + 1) % r.length]![1] - r[(k + 1) % r.length]![0] * 0.743 * y),
      0,
    ) / 2;
  const polygon = (p: Position[][]) =>
    Math.abs(ring(p[0]!)) - p.slice(1).reduce((s, h) => s + Math.abs(ring(h)), 0);
  const g = f.geometry;
  if (g.type === 'Polygon') return polygon(g.coordinates);
  if (g.type === 'MultiPolygon') return g.coordinates.reduce((s, p) => s + polygon(p), 0);
  throw new Error(`unexpected geometry ${g.type}`);
}
const pct = (v: number) =>
  new Intl.NumberFormat('it-IT', { style: 'percent', maximumFractionDigits: 1, useGrouping: 'always' }).format(v);

describe('shipped boundaries', () => {
  it('the simplified provinces keep all 110 UTS of 2026 and their areas (within 1.5%)', () => {
    const full = provinceAreas(readTopo('dashboard/static/geo/it_provinces_2026.topo.json'));
    const small = provinceAreas(PROVINCES);
    expect(small).toHaveLength(110);
    expect(small.map((a) => a.properties.code).sort()).toEqual(
      full.map((a) => a.properties.code).sort(),
    );
    const area = (code: string, list: typeof full) =>
      planarArea(list.find((a) => a.properties.code === code)!);
    for (const code of ['011', '237', '272', '076', '077', '318']) {
      expect(Math.abs(area(code, small) / area(code, full) - 1)).toBeLessThan(0.015);
    }
    expect(small.find((a) => a.properties.code === '011')?.properties.name).toBe('La Spezia');
  });

  it('every outer ring winds clockwise, as d3-geo needs (a flipped ring would paint the whole globe)', () => {
    const outerRings = (g: Geometry): Position[][] =>
      g.type === 'Polygon'
        ? [g.coordinates[0]!]
        : g.type === 'MultiPolygon'
          ? g.coordinates.map((p) => p[0]!)
          : [];
    const shoelace = (r: Position[]) =>
      r.slice(0, -1).reduce((s, [x, y], k) => s + x! * r[k + 1]![1]! - r[k + 1]![0]! * y!, 0);
    const rings = provinceAreas(PROVINCES).flatMap((a) => outerRings(a.geometry));
    expect(rings.length).toBeGreaterThan(110);
    expect(rings.filter((r) => !(shoelace(r) < 0))).toEqual([]);
  });

  it('the simplified files are what buildGeo.ts makes from the shipped sources (no drift)', () => {
    for (const b of GEO_BUILDS) {
      const built = simplifyTopology(readTopo(`dashboard/static/geo/${b.source}`), b.options);
      expect(JSON.parse(JSON.stringify(built))).toEqual(
        readTopo(`dashboard/src/lib/map/geo/${b.target}`),
      );
    }
  });

  it('the comuni of La Spezia (32) come with their ISTAT codes', () => {
    const spezia = comuneAreas(readTopo('dashboard/src/lib/map/geo/comuni_focus.topo.json'), '011');
    expect(spezia).toHaveLength(32);
    expect(spezia.find((a) => a.properties.code === '011015')?.properties.name).toBe('La Spezia');
  });
});

describe('colour classes', () => {
  it('quantile classes with rounded bounds and a legend label per class', () => {
    const c = colourClasses([0.52, 0.41, 0.5, 0.44, 0.47], RAMPS.worse, pct);
    expect(c.thresholds).toEqual([0.44, 0.47, 0.5, 0.52]);
    expect(c.classes.map((k) => k.label)).toEqual([
      '< 44%',
      '44% – 47%',
      '47% – 50%',
      '50% – 52%',
      '≥ 52%',
    ]);
    expect(c.classes.map((k) => k.colour)).toEqual([...RAMPS.worse]);
    // a bound belongs to the upper class, as in Plot's threshold scale
    expect([0.41, 0.44, 0.469, 0.52].map((v) => classOf(v, c.thresholds))).toEqual([0, 1, 1, 4]);
  });

  it('few distinct values give few classes, spread over the ramp', () => {
    const two = colourClasses([10, 10, 30], RAMPS.neutral, String);
    expect(two.thresholds).toEqual([30]);
    expect(two.classes).toEqual([
      { colour: RAMPS.neutral[0], label: '< 30' },
      { colour: RAMPS.neutral[4], label: '≥ 30' },
    ]);
    expect(colourClasses([0.5], RAMPS.worse, pct)).toEqual({
      thresholds: [],
      classes: [{ colour: RAMPS.worse[4], label: '50%' }],
    });
  });
});

describe('count classes', () => {
  const offices = (lo: number, hi: number | undefined) =>
    hi === undefined ? `${lo} o più uffici` : lo === hi ? `${lo} ${lo === 1 ? 'ufficio' : 'uffici'}` : `${lo}–${hi} uffici`;

  it('one class per count when the counts fit the ramp', () => {
    const c = countClasses([1, 2, 1, 1], RAMPS.neutral, offices);
    expect(c.thresholds).toEqual([2]);
    expect(c.classes).toEqual([
      { colour: RAMPS.neutral[0], label: '1 ufficio' },
      { colour: RAMPS.neutral[4], label: '2 uffici' },
    ]);
    expect(countClasses([3, 3], RAMPS.neutral, offices).classes).toEqual([{ colour: RAMPS.neutral[4], label: '3 uffici' }]);
  });

  it('ranges of whole numbers when there are more counts than colours, the last open', () => {
    const c = countClasses([1, 2, 3, 4, 5, 6, 7, 8], RAMPS.neutral, offices, 3);
    expect(c.thresholds).toEqual([3, 6]);
    expect(c.classes.map((k) => k.label)).toEqual(['1–2 uffici', '3–5 uffici', '6 o più uffici']);
    // each count is coloured by the class whose label names it
    expect([1, 2, 3, 5, 6, 8].map((v) => classOf(v, c.thresholds))).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('refuses a value that is not a whole count', () => {
    expect(() => countClasses([1, 1.5], RAMPS.neutral, offices)).toThrow(/1\.5 is not a whole count/);
  });
});

describe('choropleth options rendered on the server', () => {
  const data: Record<string, number> = {
    '011': 0.52,
    '237': 0.44,
    '272': 0.47,
    '076': 0.5,
    '077': 0.41,
  };
  const values = Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, { value: v, text: `${pct(v)} (n su m)` }]),
  );
  const classes = colourClasses(Object.values(data), RAMPS.worse, pct);
  const svg = plotToSvg(
    choroplethOptions({
      areas: provinceAreas(PROVINCES),
      values,
      classes,
      title: 'Quota di difficile reperimento per provincia',
      description: 'Ogni provincia colorata è un collegamento.',
      action: 'mostra la provincia',
      href: (code) => `/mismatch?province=${code}`,
      selected: '011',
    }),
  );

  it('one coloured, labelled, keyboard-reachable link per province with data', () => {
    const links = [...svg.matchAll(/<a [^>]*>/g)].map((m) => m[0]);
    expect(links).toHaveLength(5);
    const spezia = links.find((a) => a.includes('data-code="011"'))!;
    expect(spezia).toMatch(/href="\/mismatch\?province=011"/);
    expect(spezia).toContain('aria-label="La Spezia: 52% (n su m) — mostra la provincia"');
    // its path has the colour of its class (≥ 52% → darkest)
    expect(svg).toMatch(/data-code="011"[^>]*><path fill="#a63603"/);
    expect(svg).toMatch(/data-code="077"[^>]*><path fill="#fdd0a2"/);
    expect(svg).toContain('<title>La Spezia: 52% (n su m)</title>');
  });

  it('the other 105 provinces are grey and hidden from assistive technology; the chart is named', () => {
    const grey = svg.slice(svg.indexOf(`fill="${NO_DATA_COLOUR}"`));
    expect(svg).toMatch(new RegExp(`fill="${NO_DATA_COLOUR}" aria-hidden="true"`));
    expect(grey.slice(0, grey.indexOf('</g>')).match(/<path /g)).toHaveLength(105);
    expect(svg).toMatch(/^<svg [^>]*aria-label="Quota di difficile reperimento per provincia"/);
    expect(svg).toContain('aria-description="Ogni provincia colorata è un collegamento."');
  });

  it('path coordinates are rounded and the whole map stays small enough to inline', () => {
    expect(svg).not.toMatch(/\d\.\d{2,}/);
    expect(svg.length).toBeLessThan(60_000);
  });
});

describe('occupation ranking', () => {
  it('highest hard-to-fill share first, ties by more hard-to-fill vacancies, then by code; other KPIs joined by occupation', () => {
    const htf = [
      { occupation: '5.2.2.1.0', htf_share: 0.5, hard_to_fill: 1, closed_vacancies: 2 },
      { occupation: '6.1.3.7.0', htf_share: 0.5, hard_to_fill: 3, closed_vacancies: 6 },
      { occupation: '2.7.1.1.1', htf_share: 1, hard_to_fill: 1, closed_vacancies: 1 },
      { occupation: '4.1.1.1.0', htf_share: 0.5, hard_to_fill: 1, closed_vacancies: 2 },
    ];
    const ranked = rankOccupations(
      htf,
      [{ occupation: '6.1.3.7.0', median_days_to_fill: 80 }],
      [
        {
          occupation: '6.1.3.7.0',
          decline_rate: 0.25,
          candidates_declined: 1,
          candidates_proposed: 4,
        },
      ],
      [{ occupation: '6.1.3.7.0', flag: 'shortage', tightness: 1.5 }],
    );
    expect(ranked.map((r) => r.occupation)).toEqual([
      '2.7.1.1.1',
      '6.1.3.7.0',
      '4.1.1.1.0',
      '5.2.2.1.0',
    ]);
    expect(ranked[1]).toMatchObject({
      median_days_to_fill: 80,
      decline_rate: 0.25,
      candidates_proposed: 4,
      flag: 'shortage',
      tightness: 1.5,
    });
    expect(ranked[0]).toMatchObject({ median_days_to_fill: null, decline_rate: null, flag: null });
  });
});
