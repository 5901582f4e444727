// "Mercato del lavoro": the official series of the chosen region (or of the
// region of the chosen province or comune) — COB flows by quarter beside the
// same quarter a year earlier, GOL prese in carico and occupati at the
// Focus GOL reference date — and beside them the agency's own figures for the
// same region (placements started by quarter, GOL take-up by path), read
// through the KPI layer and labelled as ours on the page; the ISTAT and
// Eurostat context statistics of the region and its provinces; and the agency's
// offices in the region (with a map where the repository ships the comuni's
// boundaries).
import type { Topology } from 'topojson-specification';
import { comuneAreas } from '$lib/map/areas';
import type { Area } from '$lib/map/choropleth';
import comuniTopo from '$lib/map/geo/comuni_focus.topo.json';
import { dataOf, kpiView } from '$lib/server/kpi';
import { loadTerritory } from '$lib/server/section';
import { reportParams } from '$lib/server/paramStatus';
import { PAGE_PARAMS, TERRITORY_PARAMS, unknownParams } from '$lib/params';
import type { PageServerLoad } from './$types';
import { TOTAL, type OwnFigures, type OwnSeries } from './tables';

async function ownSeries(locals: App.Locals, code: string, dim: string | null, measure: string, region: string): Promise<OwnSeries> {
  const v = await kpiView(locals, code, { dims: dim ? [dim] : [], filters: { region: [region] } });
  const values: Record<string, number | null> = {};
  for (const row of v.rows) {
    const x = row[measure];
    values[dim ? String(row[dim]) : TOTAL] = typeof x === 'number' ? x : typeof x === 'bigint' ? Number(x) : null;
  }
  return { name: v.name, asOf: v.asOf, values, error: v.error?.message ?? null };
}

/**
 * The comuni of every province holding an office, when the repository ships
 * the boundaries of all of them: a map missing one province's offices would
 * say they are not there. Null otherwise (the table still lists them).
 */
function networkAreas(offices: { province: string }[]): Area[] | null {
  const provinces = [...new Set(offices.map((o) => o.province))];
  const each = provinces.map((p) => comuneAreas(comuniTopo as unknown as Topology, p));
  return provinces.length && each.every((a) => a.length) ? each.flat() : null;
}

export const load: PageServerLoad = async ({ locals, url }) => {
  const territory = await loadTerritory(locals, url);
  const paramProblems = reportParams(locals, [
    ...unknownParams(url.searchParams, [...PAGE_PARAMS, ...TERRITORY_PARAMS]),
    ...territory.resolved.problems,
  ]);
  const code = territory.resolved.selection.region;
  const region = code ? { code, name: territory.tree.regions.find((r) => r.code === code)?.name ?? code } : null;
  if (!region)
    return { territory, paramProblems, region, official: null, own: null as OwnFigures | null, network: [], networkAreas: null, statistics: [] };

  const [official, statistics, network, placements, golByPath, golTotal] = await Promise.all([
    dataOf(locals).officialContext(region.code),
    dataOf(locals).contextStatistics(region.code),
    dataOf(locals).officeNetwork(region.code),
    ownSeries(locals, 'PL_QUAL', 'quarter', 'placements', region.code),
    ownSeries(locals, 'PL_GOL', 'gol_path', 'taken_in_charge', region.code),
    Promise.all(
      (['taken_in_charge', 'employed_at_date', 'new_employed'] as const).map((m) => ownSeries(locals, 'PL_GOL', null, m, region.code)),
    ),
  ]);
  const [golTaken, golEmployed, golNew] = golTotal;
  const own: OwnFigures = { placements, golByPath, golTaken, golEmployed, golNew };
  return { territory, paramProblems, region, official, own, network, networkAreas: networkAreas(network), statistics };
};
