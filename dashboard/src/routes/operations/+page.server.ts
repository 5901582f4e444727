// Operations: recent job runs (ops.job_runs), loads (ops.loads) and files in
// quarantine with their reports, through the per-request data access.
import { dataOf } from '$lib/server/kpi';
import { PAGE_PARAMS, unknownParams } from '$lib/params';
import { reportParams } from '$lib/server/paramStatus';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => ({
  ...(await dataOf(locals).operations()),
  paramProblems: reportParams(locals, unknownParams(url.searchParams, PAGE_PARAMS)),
});
