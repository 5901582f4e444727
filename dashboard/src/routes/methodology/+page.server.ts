import { dataOf } from '$lib/server/kpi';
import { PAGE_PARAMS, unknownParams } from '$lib/params';
import { reportParams } from '$lib/server/paramStatus';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => ({
  paramProblems: reportParams(locals, unknownParams(url.searchParams, PAGE_PARAMS)),
  kpis: dataOf(locals)
    .listKpis()
    .map((d) => ({ code: d.code, family: d.family, name: d.name, description: d.description, unit: d.unit, dimensions: d.dimensions as string[], methodology: d.methodology })),
});
