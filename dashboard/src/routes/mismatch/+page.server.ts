// Supply / demand mismatch: the map of provinces coloured by the chosen KPI
// (with its ranked table), the occupations hardest to fill in the chosen
// territory (hard-to-fill share with counts and reasons, time to fill,
// declined offers, shortage/surplus flag), then the section's KPI blocks.
// Every figure is a KPI read through locals.data (authorization included).
import type { Topology } from 'topojson-specification';
import { dataOf, kpiDims, kpiView } from '$lib/server/kpi';
import { loadSection, toQuery } from '$lib/server/section';
import { territoryFilter } from '$lib/server/territory';
import { comuneAreas } from '$lib/map/areas';
import { MAP_METRICS, mapMetricOf, type MapMetric } from '$lib/map/metrics';
import { readChoice } from '$lib/params';
import { reportParams } from '$lib/server/paramStatus';
import { rankOccupations } from '$lib/map/ranking';
import comuniTopo from '$lib/map/geo/comuni_focus.topo.json';
import type { PageServerLoad } from './$types';

type Text = { it: string; en: string };

export const load: PageServerLoad = async ({ locals, url }) => {
  const section = await loadSection(locals, url, [
    { code: 'MM_TIGHT', dims: ['province', 'occupation_group'] },
    { code: 'MM_FLAG', dims: ['province', 'occupation_group'] },
    { code: 'MM_HTF', dims: ['province'] },
    { code: 'MM_TTF', dims: ['occupation_group'] },
    { code: 'MM_DECL', dims: ['province'] },
    { code: 'MM_VAC', dims: ['quarter'] },
  ], ['map']);
  const { from, to } = section;
  const resolved = section.territory.resolved;
  const period = (code: string) =>
    kpiDims(locals, code).includes('month') ? { ...(from ? { from } : {}), ...(to ? { to } : {}) } : {};

  // The map: every province, whatever territory is chosen (the chosen one is outlined).
  const mapChoice = readChoice(url.searchParams, 'map', MAP_METRICS.map((m) => m.key), MAP_METRICS[0]!.key);
  section.paramProblems.push(...reportParams(locals, mapChoice.problems));
  const metric = mapMetricOf(mapChoice.value);
  const mapRequest = { dims: ['province'], ...period(metric.code) };
  const map = { metric: metric.key, view: await kpiView(locals, metric.code, mapRequest), query: toQuery(mapRequest) };

  // The occupations of the chosen territory, each KPI cut at the finest level it allows.
  const byOccupation = async (code: string) => {
    const cut = territoryFilter(kpiDims(locals, code), resolved);
    const request = {
      dims: ['occupation'],
      ...(Object.keys(cut.filters).length ? { filters: cut.filters } : {}),
      ...period(code),
    };
    return { view: await kpiView(locals, code, request), note: cut.note, query: toQuery(request) };
  };
  const [htf, ttf, decl, flag] = await Promise.all(['MM_HTF', 'MM_TTF', 'MM_DECL', 'MM_FLAG'].map(byOccupation));
  const ranked = rankOccupations(htf!.view.rows, ttf!.view.rows, decl!.view.rows, flag!.view.rows);
  const codes = new Set(ranked.map((r) => r.occupation));
  const occupationLabels: Record<string, Text> = {};
  for (const v of await dataOf(locals).dimensionValues('occupation').catch(() => []))
    if (codes.has(v.value)) occupationLabels[v.value] = v.label;

  return {
    ...section,
    map: { ...map, comuni: await comuniMap(locals, metric, resolved.selection.province, period(metric.code)) },
    occupations: {
      rows: ranked,
      labels: occupationLabels,
      error: htf!.view.error,
      asOf: htf!.view.asOf,
      query: htf!.query,
      /** Where a KPI of the table could not be cut at the chosen level. */
      notes: [htf!, ttf!, decl!, flag!].flatMap((x, i) => (x.note ? [{ code: ['MM_HTF', 'MM_TTF', 'MM_DECL', 'MM_FLAG'][i]!, note: x.note }] : [])),
    },
  };
};

/**
 * The comuni of the chosen province, when the repository ships their
 * boundaries and the KPI can be cut by comune: the areas travel with the data
 * (one province, a few kilobytes) instead of every comune in the bundle.
 */
async function comuniMap(locals: App.Locals, metric: MapMetric, province: string, period: { from?: string; to?: string }) {
  if (!province || !kpiDims(locals, metric.code).includes('comune')) return null;
  const areas = comuneAreas(comuniTopo as unknown as Topology, province);
  if (!areas.length) return null;
  const request = { dims: ['comune'], filters: { province: [province] }, ...period };
  return { province, areas, view: await kpiView(locals, metric.code, request), query: toQuery(request) };
}
