// TopoJSON boundaries → the Area features the choropleth draws, with a
// uniform { code, name } whatever the source file calls them.
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, Geometry } from 'geojson';
import type { Area } from './choropleth.ts';

/** Provinces (UTS 2026): code = cod_uts ('011' La Spezia, '237' Bologna CM). */
export function provinceAreas(topo: Topology): Area[] {
  return areas(topo, 'provinces', 'cod_uts', 'name');
}

/** Comuni: code = the 6-digit ISTAT code ('011015' La Spezia); optionally only those of one province. */
export function comuneAreas(topo: Topology, province?: string): Area[] {
  const all = areas(topo, 'comuni', 'codice_comune', 'name');
  return province ? all.filter((a) => a.properties.province === province) : all;
}

function areas(topo: Topology, object: string, codeKey: string, nameKey: string): (Area & { properties: { province?: string } })[] {
  const fc = feature(topo, topo.objects[object] as GeometryCollection) as unknown as { features: Feature<Geometry, Record<string, string>>[] };
  return fc.features.map((f) => ({
    type: 'Feature',
    geometry: rounded(f.geometry),
    properties: { code: String(f.properties[codeKey]), name: String(f.properties[nameKey]), province: f.properties.cod_uts },
  }));
}

/**
 * Coordinates to 4 decimals (~10 m, far below a pixel): areas sent with page
 * data (the comuni of one province) would otherwise carry 15-digit floats.
 * Rings are also put in the winding d3-geo expects (outer rings clockwise,
 * holes anticlockwise) and rings left without area by simplification are
 * dropped: on the sphere a flipped ring is "everything but this area", which
 * paints the whole map.
 */
function rounded(g: Geometry): Geometry {
  const r = (x: number) => Math.round(x * 1e4) / 1e4;
  const polygon = (rings: number[][][]) =>
    rings
      .map((ring, k) => {
        const ps = ring.map((p) => [r(p[0]!), r(p[1]!)]);
        const a = signedArea(ps);
        if (a === 0) return null;
        // Outer ring (k = 0) clockwise, i.e. negative signed area with latitude up; holes the other way.
        return (k === 0) === a > 0 ? ps.reverse() : ps;
      })
      .filter((ring, k, all): ring is number[][] => ring !== null && all[0] !== null);
  if (g.type === 'Polygon') return { type: 'Polygon', coordinates: polygon(g.coordinates) };
  if (g.type === 'MultiPolygon')
    return { type: 'MultiPolygon', coordinates: g.coordinates.map(polygon).filter((p) => p.length > 0) };
  return g;
}

/** Shoelace signed area in the lon/lat plane (positive = anticlockwise). */
function signedArea(ring: number[][]): number {
  let s = 0;
  for (let k = 0; k < ring.length - 1; k++) s += ring[k]![0]! * ring[k + 1]![1]! - ring[k + 1]![0]! * ring[k]![1]!;
  return s / 2;
}
