// A project for its funder: stages at each snapshot, pace against time and
// the projection to the planned end (mart.project_financial_history), the
// latest-snapshot KPIs (SP_STAGE, SP_PACE, SP_CPP), indicators against
// milestones and targets (SP_TGT) and the loader's warnings. Everything is
// read through the page data access, i.e. its authorization layer: outside the
// user's scope the page is a clear 403, not an error.
import { error } from '@sveltejs/kit';
import { dataOf, kpiView, namesOfRows } from '$lib/server/kpi';
import { toQuery } from '$lib/server/section';
import { refusalOf } from '$lib/components/spend/access';
import type { HistoryRow, TargetRow } from '$lib/components/spend/charts';
import { PAGE_PARAMS, unknownParams } from '$lib/params';
import { reportParams } from '$lib/server/paramStatus';
import type { CodeNames } from '$lib/labels/codes';
import type { PageServerLoad } from './$types';

const CUP = /^[A-Z0-9]{15}$/;

export const load: PageServerLoad = async ({ locals, params, url }) => {
  if (!CUP.test(params.cup)) error(404, `'${params.cup.slice(0, 40)}' non è un CUP (15 lettere e cifre). / Not a CUP (15 letters and digits).`);
  const data = dataOf(locals);
  const cup = params.cup;
  let info: Record<string, unknown> | null;
  let history: HistoryRow[];
  try {
    const [infoRows, rows] = await Promise.all([data.projectInfo(cup), data.projectHistory(cup)]);
    info = infoRows[0] ?? null;
    history = rows as unknown as HistoryRow[];
  } catch (e) {
    refusalOf(e, `CUP ${cup}`);
  }
  const filters = { project: [cup] };
  const specs = [
    { code: 'SP_STAGE', dims: ['project'] },
    { code: 'SP_PACE', dims: ['project'] },
    { code: 'SP_CPP', dims: ['project'] },
  ];
  const views = await Promise.all(
    specs.map((s) => kpiView(locals, s.code, { dims: s.dims, filters }).then((v) => ({ ...v, query: toQuery({ dims: s.dims, filters }) }))),
  );
  const tgtRequest = { dims: ['project', 'indicator', 'target_kind'], filters };
  let targets: { rows: TargetRow[]; names: CodeNames; thresholds: { onTrack: number; atRisk: number }; query: string; error: string | null };
  try {
    const r = await data.readKpi('SP_TGT', tgtRequest);
    targets = { rows: r.rows as unknown as TargetRow[], names: await namesOfRows(locals, r.columns, r.rows), thresholds: r.thresholds ?? { onTrack: 0.95, atRisk: 0.8 }, query: toQuery(tgtRequest), error: null };
  } catch (e) {
    targets = { rows: [], names: {}, thresholds: { onTrack: 0.95, atRisk: 0.8 }, query: toQuery(tgtRequest), error: (e as Error).message };
  }
  return { paramProblems: reportParams(locals, unknownParams(url.searchParams, PAGE_PARAMS)), cup, info, history, views, targets };
};
