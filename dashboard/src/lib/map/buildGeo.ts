// Builds the boundaries the /mismatch map draws from the files shipped in
// dashboard/static/geo/ (see SOURCES.md there): simplified for a ~700 px map
// so the page bundle carries ~40 KB of boundaries, not the full 240 KB topology.
// Run after replacing a source file:  npx tsx dashboard/src/lib/map/buildGeo.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Topology } from 'topojson-specification';
import { simplifyTopology, type SimplifyOptions } from './simplifyTopology.ts';

const STATIC = join(import.meta.dirname, '..', '..', '..', 'static', 'geo');
const OUT = join(import.meta.dirname, 'geo');

export const GEO_BUILDS: { source: string; target: string; options: SimplifyOptions }[] = [
  {
    source: 'it_provinces_2026.topo.json',
    target: 'provinces.topo.json',
    options: { tolerance: 0.02, quantization: 5000, keep: ['cod_uts', 'name', 'sigla', 'cod_regione'] },
  },
  {
    source: 'comuni_focus.topo.json',
    target: 'comuni_focus.topo.json',
    options: { tolerance: 0.002, quantization: 10000, keep: ['codice_comune', 'name', 'cod_uts'] },
  },
];

if (process.argv[1] === import.meta.filename) {
  for (const b of GEO_BUILDS) {
    const topo = JSON.parse(readFileSync(join(STATIC, b.source), 'utf8')) as Topology;
    const small = simplifyTopology(topo, b.options);
    const text = JSON.stringify(small);
    writeFileSync(join(OUT, b.target), text + '\n');
    console.log(`${b.source} → src/lib/map/geo/${b.target}: ${Math.round(text.length / 1024)} KB`);
  }
}
