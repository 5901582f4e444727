// Public tables as published by the open-data job (already protected by
// disclosure control): the page shows the same files the downloads serve,
// with each table's column dictionary. Column descriptions come from the
// same pure module the published dictionary uses.
import { describeColumn, FLAG_EXPLANATION } from '../../../../warehouse/opendata/columns.ts';
import { dataOf } from '$lib/server/kpi';
import { PAGE_PARAMS, unknownParams } from '$lib/params';
import { reportParams } from '$lib/server/paramStatus';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const tables = dataOf(locals)
    .publicTables()
    .map((t) => ({
      ...t,
      dictionary: t.columns.map((c) => ({ column: c, description: describeColumn(c, t.measures) })),
    }));
  return { paramProblems: reportParams(locals, unknownParams(url.searchParams, PAGE_PARAMS)), extensions: ['csv', 'parquet', 'xlsx', 'json'] as const, tables, flag: FLAG_EXPLANATION };
};
