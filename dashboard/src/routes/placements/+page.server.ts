// Placement outcomes: the service funnel for the chosen territory, placement
// rates at 1/3/6/12 months by exit cohort (quarter of exit), contract quality,
// retention, traineeship conversion, hires from events — and a side-by-side
// comparison of two or more provinces, offices or programmes on the same KPIs.
import { dataOf, kpiDims, kpiView } from '$lib/server/kpi';
import { loadSection, toQuery } from '$lib/server/section';
import { territoryFilter } from '$lib/server/territory';
import { printable, readChoice } from '$lib/params';
import { reportParams } from '$lib/server/paramStatus';
import type { PageServerLoad } from './$types';

const COMPARE_BY = ['province', 'office', 'programme'] as const;
type CompareBy = (typeof COMPARE_BY)[number];

/** The comparison's rows: one measure of one KPI each, in the order shown. */
const COMPARE_ROWS: { code: string; measure: string }[] = [
  { code: 'PL_FUNNEL', measure: 'registered' },
  { code: 'PL_FUNNEL', measure: 'employed_share' },
  { code: 'PL_RATE_1', measure: 'employment_rate' },
  { code: 'PL_RATE_3', measure: 'employment_rate' },
  { code: 'PL_RATE_6', measure: 'employment_rate' },
  { code: 'PL_RATE_12', measure: 'employment_rate' },
  { code: 'PL_QUAL', measure: 'stable_share' },
  { code: 'PL_QUAL', measure: 'full_time_share' },
  { code: 'PL_RET', measure: 'retention_6m' },
  { code: 'PL_RET', measure: 'retention_12m' },
  { code: 'PL_CONV', measure: 'conversion_rate' },
  { code: 'PL_EVT', measure: 'hires_per_event' },
];

const MAX_UNITS = 8;
/** With nothing chosen, a list this short is compared whole (e.g. the provinces with data). */
const COMPARE_ALL_UP_TO = 6;

export const load: PageServerLoad = async ({ locals, url }) => {
  const section = await loadSection(locals, url, [
    { code: 'PL_RATE_1', dims: ['quarter'] },
    { code: 'PL_RATE_3', dims: ['quarter'] },
    { code: 'PL_RATE_6', dims: ['quarter'] },
    { code: 'PL_RATE_12', dims: ['quarter'] },
    { code: 'PL_QUAL', dims: ['contract_type'] },
    { code: 'PL_RET', dims: ['quarter'] },
    { code: 'PL_CONV', dims: ['quarter'] },
    { code: 'PL_EVT', dims: ['event_kind'] },
  ], ['compare', 'unit']);
  const { from, to } = section;
  const period = (dims: string[]) => ({ ...(dims.includes('month') && from ? { from } : {}), ...(dims.includes('month') && to ? { to } : {}) });

  // The service funnel of the chosen territory (totals, no breakdown).
  const funnelDims = kpiDims(locals, 'PL_FUNNEL');
  const funnelCut = territoryFilter(funnelDims, section.territory.resolved);
  const funnel = await kpiView(locals, 'PL_FUNNEL', {
    ...(Object.keys(funnelCut.filters).length ? { filters: funnelCut.filters } : {}),
    ...period(funnelDims),
  });

  // What can be compared: the provinces and offices of the network, the programmes.
  // The units are places (or programmes) chosen explicitly, so the territory
  // filter does not narrow them: Bari can be put beside Bologna from any page state.
  const compareBy = readChoice(url.searchParams, 'compare', COMPARE_BY, 'province');
  section.paramProblems.push(...reportParams(locals, compareBy.problems));
  const by: CompareBy = compareBy.value;
  const tree = section.territory.tree;
  const provinceName = new Map(tree.provinces.map((p) => [p.code, p.name]));
  let options: { value: string; label: string }[];
  if (by === 'province') options = tree.provinces.map((p) => ({ value: p.code, label: p.name }));
  else if (by === 'office')
    options = tree.offices.map((o) => ({ value: o.code, label: `${o.name} (${provinceName.get(o.province) ?? o.province})` }));
  else options = (await dataOf(locals).dimensionValues('programme').catch(() => [])).map((p) => ({ value: p.value, label: p.label[locals.lang] ?? p.value }));

  const given = url.searchParams.getAll('unit').filter(Boolean);
  const asked = given.filter((u) => options.some((o) => o.value === u));
  const units = (asked.length ? asked : options.length <= COMPARE_ALL_UP_TO ? options.map((o) => o.value) : []).slice(0, MAX_UNITS);
  // Units not among this comparison's choices, or beyond the most compared at once, are said, not dropped in silence.
  const unitForm = { it: `un codice tra quelli offerti per il confronto (${by}), al massimo ${MAX_UNITS}`, en: `a code among those offered for the comparison (${by}), at most ${MAX_UNITS}` };
  section.paramProblems.push(
    ...reportParams(locals, [
      ...given
        .filter((u) => !asked.includes(u))
        .map((u) => ({
          param: 'unit',
          value: printable(u),
          problem: { it: `unità da confrontare sconosciuta: ${printable(u)}`, en: `unknown unit to compare: ${printable(u)}` },
          expected: unitForm,
          outcome: { it: 'non confrontata', en: 'not compared' },
        })),
      ...(asked.length > MAX_UNITS
        ? [{
            param: 'unit',
            value: asked.slice(MAX_UNITS).join(', '),
            problem: { it: `troppe unità da confrontare: ${asked.length}`, en: `too many units to compare: ${asked.length}` },
            expected: unitForm,
            outcome: { it: `confronto le prime ${MAX_UNITS}`, en: `comparing the first ${MAX_UNITS}` },
          }]
        : []),
    ]),
  );

  const codes = [...new Set(COMPARE_ROWS.map((r) => r.code))];
  const results = units.length
    ? await Promise.all(
        codes.map(async (code) => {
          const dims = kpiDims(locals, code);
          if (!dims.includes(by)) return { code, allowed: false, view: null, query: '' };
          const request = { dims: [by], filters: { [by]: units }, ...period(dims) };
          return { code, allowed: true, view: await kpiView(locals, code, request), query: toQuery(request) };
        }),
      )
    : [];
  const byCode = new Map(results.map((r) => [r.code, r]));
  const rows = units.length
    ? COMPARE_ROWS.map(({ code, measure }) => {
        const r = byCode.get(code)!;
        const col = r.view?.columns.find((c) => c.name === measure);
        return {
          code,
          measure,
          // Each row by its measure's own name ("Iscritti", "Assunzioni per evento"): the KPI's name
          // ("Percorso dei servizi", "Assunzioni da eventi") would not say what the number counts.
          label: col?.label ?? r.view?.name ?? { it: code, en: code },
          name: r.view?.name ?? { it: code, en: code },
          unit: col?.unit ?? 'value',
          allowed: r.allowed,
          error: r.view?.error?.message ?? null,
          query: r.query,
          cells: units.map((u) => {
            const row = r.view?.rows.find((x) => String(x[by]) === u);
            const v = row?.[measure];
            return typeof v === 'number' ? v : null;
          }),
        };
      })
    : [];

  return {
    ...section,
    funnel: { view: funnel, note: funnelCut.note },
    compare: {
      by,
      options,
      units: units.map((u) => ({ value: u, label: options.find((o) => o.value === u)?.label ?? u })),
      rows,
      max: MAX_UNITS,
    },
  };
};
