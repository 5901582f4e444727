// A programme for its funder: its projects with their latest-snapshot stages,
// paid share, pace and forecast (SP_STAGE, SP_PAID, SP_PACE), decommitment
// risk under N+3 (SP_RISK) and its indicators against milestones and targets
// (SP_TGT). Read through the page data access (its authorization layer): outside
// the user's scope the page is a clear 403.
import { error } from '@sveltejs/kit';
import { dataOf, kpiView, namesOfRows } from '$lib/server/kpi';
import { toQuery } from '$lib/server/section';
import { refusalOf } from '$lib/components/spend/access';
import type { TargetRow } from '$lib/components/spend/charts';
import { PAGE_PARAMS, unknownParams } from '$lib/params';
import { reportParams } from '$lib/server/paramStatus';
import type { CodeNames } from '$lib/labels/codes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
  if (!/^[\w.+:-]{1,64}$/.test(params.code)) error(404, 'Codice di programma non valido. / Not a programme code.');
  const data = dataOf(locals);
  const code = params.code;
  let info: Record<string, unknown> | null;
  try {
    info = (await data.programmeInfo(code))[0] ?? null;
  } catch (e) {
    refusalOf(e, `${code}`);
  }
  const filters = { programme: [code] };
  const specs = [
    { code: 'SP_STAGE', dims: ['project'] },
    { code: 'SP_PAID', dims: ['project'] },
    { code: 'SP_PACE', dims: ['project'] },
    { code: 'SP_RISK', dims: ['programme'] },
  ];
  const [views, titles] = await Promise.all([
    Promise.all(specs.map((s) => kpiView(locals, s.code, { dims: s.dims, filters }).then((v) => ({ ...v, query: toQuery({ dims: s.dims, filters }) })))),
    data.dimensionValues('project').catch(() => []),
  ]);
  const byCode = (c: string) => views.find((v) => v.code === c)!;
  const title = new Map(titles.map((t) => [t.value, t.label]));
  const paid = new Map(byCode('SP_PAID').rows.map((r) => [r.project, r]));
  const pace = new Map(byCode('SP_PACE').rows.map((r) => [r.project, r]));
  const projects = byCode('SP_STAGE').rows.map((r) => ({
    project: String(r.project),
    title: title.get(String(r.project)) ?? null,
    snapshot_as_of: r.snapshot_as_of,
    programmed: r.programmed,
    admitted: r.admitted,
    legally_committed: r.legally_committed,
    paid: r.paid,
    certified: r.certified,
    paid_share: paid.get(r.project)?.paid_share ?? null,
    elapsed_share: pace.get(r.project)?.elapsed_share ?? null,
    pace: pace.get(r.project)?.pace ?? null,
    forecast_paid_at_end: pace.get(r.project)?.forecast_paid_at_end ?? null,
    end_date: pace.get(r.project)?.end_date ?? null,
  }));
  const tgtRequest = { dims: ['project', 'indicator', 'target_kind'], filters };
  let targets: { rows: (TargetRow & { project: string })[]; names: CodeNames; thresholds: { onTrack: number; atRisk: number }; query: string; error: string | null };
  try {
    const r = await data.readKpi('SP_TGT', tgtRequest);
    targets = { rows: r.rows as unknown as (TargetRow & { project: string })[], names: await namesOfRows(locals, r.columns, r.rows), thresholds: r.thresholds ?? { onTrack: 0.95, atRisk: 0.8 }, query: toQuery(tgtRequest), error: null };
  } catch (e) {
    targets = { rows: [], names: {}, thresholds: { onTrack: 0.95, atRisk: 0.8 }, query: toQuery(tgtRequest), error: (e as Error).message };
  }
  return { paramProblems: reportParams(locals, unknownParams(url.searchParams, PAGE_PARAMS)), code, info, projects, views, risk: byCode('SP_RISK'), targets };
};
