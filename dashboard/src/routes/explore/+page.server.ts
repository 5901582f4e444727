// Explore: any KPI, up to the query layer's number of group-bys, typed
// filters and a period — all in the URL (see ./state.ts).
//
// A full page load renders the result on the server (complete first paint,
// shared links work without JavaScript). When the page itself navigates
// (Apply, back/forward) SvelteKit asks this load for data only: then the
// rows are NOT read here — the page fetches them as Arrow from /api/kpi and
// decodes them in the browser, so the KPI is queried once per view.
import { DIMENSIONS } from '../../../../warehouse/kpi/dimensions.ts';
import type { DimensionValue, Text } from '../../../../warehouse/kpi/types.ts';
import { dataOf, kpiView } from '$lib/server/kpi';
import type { KpiMeta } from '$lib/charts/arrow';
import type { KpiView } from '$lib/types';
import { readStateChecked, requestOf, type ExploreKpi } from './state';
import { reportParams } from '$lib/server/paramStatus';
import type { PageServerLoad } from './$types';

type ExploreKpiMeta = KpiMeta & ExploreKpi;

/** Most values a filter picker is sent with the page; larger lists (comuni) are fetched when the picker opens. */
const INLINE_VALUES = 400;

export const load: PageServerLoad = async ({ locals, url, isDataRequest }) => {
  const data = dataOf(locals);
  const kpis: ExploreKpiMeta[] = data.listKpis().map((d) => ({
    code: d.code,
    name: d.name,
    unit: d.unit,
    value: d.value,
    higherIsBetter: d.higherIsBetter ?? null,
    dimensions: d.dimensions as string[],
    period: Boolean(d.columns.month),
    measures: d.measures.map((m) => ({ name: m.name, unit: m.unit ?? null, label: m.label })),
  }));
  const { state, problems } = readStateChecked(url.searchParams, kpis);
  const paramProblems = reportParams(locals, problems);
  const dimLabels = Object.fromEntries(Object.values(DIMENSIONS).map((s) => [s.name, s.label])) as Record<string, Text>;

  let result: KpiView | null = null;
  // An unknown KPI (state.kpi '') shows no result: the alert says why.
  if (!isDataRequest && state.kpi) result = await kpiView(locals, state.kpi, requestOf(state));

  // Value labels for the dimensions in use (chart, table and filter pickers).
  const used = [...new Set([...state.by, ...Object.keys(state.filters), ...(result?.dims ?? [])])];
  const values: Record<string, DimensionValue[]> = {};
  await Promise.all(
    used.map(async (d) => {
      const list = await data.dimensionValues(d).catch(() => [] as DimensionValue[]);
      if (list.length <= INLINE_VALUES || state.by.includes(d) || result?.dims.includes(d)) values[d] = list;
    }),
  );
  // Rows fetched as Arrow after a client-side change carry no as-of date; every KPI shares the marts' one.
  const asOf = result?.asOf ?? (await data.martsAsOf());
  return { kpis, state, dimLabels, values, result, asOf, paramProblems };
};
