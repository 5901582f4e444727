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
    geometry: f.geometry,
    properties: { code: String(f.properties[codeKey]), name: String(f.properties[nameKey]), province: f.properties.cod_uts },
  }));
}
