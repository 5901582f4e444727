// Public tables as published by the open-data job (already protected by
// disclosure control): the page shows the same files the downloads serve,
// with each table's column dictionary. Column descriptions come from the
// same pure module the published dictionary uses. The latest release by
// default; `?release=N` shows release N, and a value that is not a published
// release is an error naming the parameter, never the latest in its place.
import { error } from '@sveltejs/kit';
import { describeColumn, FLAG_EXPLANATION } from '../../../../warehouse/opendata/columns.ts';
import { dataOf } from '$lib/server/kpi';
import { PAGE_PARAMS, unknownParams } from '$lib/params';
import { reportParams } from '$lib/server/paramStatus';
import type { PageServerLoad } from './$types';

const OPEN_DATA_PARAMS = [...PAGE_PARAMS, 'release'] as const;

export const load: PageServerLoad = async ({ locals, url }) => {
  const data = dataOf(locals);
  const choice = data.openDataRelease(url.searchParams.get('release'));
  if (!choice.ok) error(400, choice.message[locals.lang === 'en' ? 'en' : 'it']);
  const tables = data
    .publicTables(choice.release)
    .map((t) => ({
      ...t,
      dictionary: t.columns.map((c) => ({ column: c, description: describeColumn(c, t.measures) })),
    }));
  return {
    paramProblems: reportParams(locals, unknownParams(url.searchParams, OPEN_DATA_PARAMS)),
    extensions: ['csv', 'parquet', 'xlsx', 'json'] as const,
    tables,
    flag: FLAG_EXPLANATION,
    releases: data.openDataReleases(),
    official: await data.republishedOfficial(),
    release: choice.release,
  };
};
