// Explore: any KPI, group-by dimensions, one filter and a period — all in the
// URL (?kpi=&by=a,b&where=dim:v|v&from=&to=&view=) so a view can be shared.
import { dataOf, kpiView } from '$lib/server/kpi';
import { parseKpiQuery } from '$lib/kpiQuery';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const kpis = dataOf(locals).listKpis().map((d) => ({ code: d.code, name: d.name, dimensions: d.dimensions as string[] }));
  const code = url.searchParams.get('kpi') ?? 'MM_VAC';
  const def = kpis.find((k) => k.code === code) ?? kpis[0];
  const params = Object.fromEntries(['by', 'where', 'from', 'to'].filter((k) => url.searchParams.get(k)).map((k) => [k, url.searchParams.get(k)!]));
  const view = url.searchParams.get('view') ?? 'bar';
  let result;
  try {
    result = await kpiView(locals, def.code, parseKpiQuery(params));
  } catch (e) {
    result = await kpiView(locals, def.code, {});
    result.error = { code: 'INVALID_PARAMETER', message: (e as Error).message, status: 400 };
  }
  const query = new URLSearchParams(params).toString();
  return { kpis, code: def.code, dimensions: def.dimensions, params, query, result, view: ['bar', 'line', 'table'].includes(view) ? view : 'bar' };
};
