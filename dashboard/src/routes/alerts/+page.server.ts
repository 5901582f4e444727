// Alerts: the rules the signed-in user keeps (an admin: everyone's) with what
// each sees now, and the recent events, in words, through the per-request
// data access. Muting is a plain form posted to the server (routes/alerts.ts).
import { dataOf } from '$lib/server/kpi';
import { PAGE_PARAMS, unknownParams } from '$lib/params';
import { reportParams } from '$lib/server/paramStatus';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => ({
  alerts: await dataOf(locals).alerts(locals.lang === 'en' ? 'en' : 'it'),
  paramProblems: reportParams(locals, unknownParams(url.searchParams, PAGE_PARAMS)),
});
