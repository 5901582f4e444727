// Spend overview for funders and the observatory: programmes with their
// latest-snapshot stages, paid share, pace and decommitment risk, and the
// projects under each, linking to /programmes/[code] and /projects/[cup].
// KPIs come through the page data access, so a funder sees only their scope
// (the authorization layer narrows the rows; a KPI outside it is a 403 shown as
// "not available for your account", not an error). Below the overview, the
// shared section (territory picker + one block per spend KPI) as on the other
// section pages.
import { dataOf, kpiView } from '$lib/server/kpi';
import { loadSection, toQuery } from '$lib/server/section';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const data = dataOf(locals);
  const funder = data.user?.role === 'funder';
  const section = await loadSection(locals, url, [
    { code: 'SP_STAGE', dims: ['programme'] },
    { code: 'SP_PAID', dims: ['project'] },
    { code: 'SP_PACE', dims: ['project'] },
    // N+3 risk is a whole-programme figure: not shown to a funder scoped to projects (the overview says so).
    ...(funder && !data.user?.scope.programmes.length ? [] : [{ code: 'SP_RISK', dims: ['programme'] }]),
    { code: 'SP_TGT', dims: ['project', 'indicator', 'target_kind'] },
    { code: 'SP_CPP', dims: ['programme'] },
  ]);
  const specs = [
    { code: 'SP_STAGE', dims: ['programme'] },
    { code: 'SP_PAID', dims: ['programme'] },
    { code: 'SP_PACE', dims: ['programme'] },
    { code: 'SP_RISK', dims: ['programme'] },
    { code: 'SP_PAID', dims: ['programme', 'project'] },
  ];
  const [overview, programmeNames, projectNames] = await Promise.all([
    Promise.all(specs.map((s) => kpiView(locals, s.code, { dims: s.dims }).then((v) => ({ ...v, query: toQuery({ dims: s.dims }) })))),
    data.dimensionValues('programme').catch(() => []),
    data.dimensionValues('project').catch(() => []),
  ]);
  const [stage, paid, pace, risk, byProject] = overview;
  const name = new Map(programmeNames.map((p) => [p.value, p.label]));
  const title = new Map(projectNames.map((p) => [p.value, p.label]));
  // Link a programme only where its page opens for this user, by the route table the guard applies
  // (a funder scoped to projects sees the programme as text and follows their projects' links).
  const programmePath = (code: string) => `/programmes/${encodeURIComponent(code)}`;
  const openable = new Set(await data.openable(stage.rows.map((r) => programmePath(String(r.programme)))));
  const canOpen = (code: string) => openable.has(programmePath(code));
  const at = <T,>(rows: Record<string, unknown>[], key: string, value: unknown) => rows.find((r) => r[key] === value) as T | undefined;
  const programmes = stage.rows.map((r) => {
    const code = String(r.programme);
    const pr = at<Record<string, unknown>>(paid.rows, 'programme', code);
    const pc = at<Record<string, unknown>>(pace.rows, 'programme', code);
    const rk = at<Record<string, unknown>>(risk.rows, 'programme', code);
    return {
      programme: code,
      name: name.get(code) ?? null,
      link: canOpen(code),
      programmed: r.programmed,
      admitted: r.admitted,
      legally_committed: r.legally_committed,
      paid: r.paid,
      projects: r.projects,
      paid_share: pr?.paid_share ?? null,
      pace: pc?.pace ?? null,
      at_risk_amount: rk?.at_risk_amount ?? null,
      /** False for a programme the N+3 rule does not bind (PNRR, national funds): its risk reads "does not apply", not an amount. */
      n3Applies: rk ? Number(rk.programmes_under_rule) > 0 : null,
    };
  });
  const projects = byProject.rows.map((r) => ({
    programme: String(r.programme),
    project: String(r.project),
    title: title.get(String(r.project)) ?? null,
    paid: r.paid,
    admitted: r.admitted,
    paid_share: r.paid_share,
  }));
  return { ...section, programmes, projects, overview, riskError: risk.error, error: stage.error };
};
