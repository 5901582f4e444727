import { dataOf } from '$lib/server/kpi';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
  kpis: dataOf(locals)
    .listKpis()
    .map((d) => ({ code: d.code, family: d.family, name: d.name, description: d.description, unit: d.unit, dimensions: d.dimensions as string[], methodology: d.methodology })),
});
