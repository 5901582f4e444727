// Overview for assessori and directors: one tile per headline KPI for the
// chosen territory and period — latest quarter, change vs the previous
// quarter, the quarterly series, and the status against the territory's
// target by the catalogue rule (dashboard/src/lib/server/targets.ts).
import { kpiDims, kpiView, dataOf } from '$lib/server/kpi';
import { loadTerritory } from '$lib/server/section';
import { territoryFilter, territoryParams } from '$lib/server/territory';
import { assess, parseThresholds, periodEnd, pickTarget, ruleText } from '$lib/server/targets';
import type { KpiTarget } from '../../../warehouse/kpi/targets.ts';
import { overviewParamProblems } from './overviewParams';
import type { PageServerLoad } from './$types';

/** Headline KPIs and the page each one opens. */
const TILES = [
  { code: 'MM_FILL', detail: '/mismatch' },
  { code: 'MM_HTF', detail: '/mismatch' },
  { code: 'PL_RATE_6', detail: '/placements' },
  { code: 'SP_PAID', detail: '/spend' },
] as const;

export const load: PageServerLoad = async ({ locals, url }) => {
  const territory = await loadTerritory(locals, url);
  const { thresholds, custom } = parseThresholds(url.searchParams);
  // The URL parameters this page cannot use: reported on the page (400), not dropped in silence.
  const { from, to, paramProblems } = overviewParamProblems(locals, url, territory.resolved.problems, custom);
  const targets: KpiTarget[] = await dataOf(locals)
    .kpiTargets()
    .catch(() => []);
  // Links keep the territory, the period and the language.
  const keep = new URLSearchParams([...territoryParams(territory.resolved.selection), ...(from ? [['from', from]] : []), ...(to ? [['to', to]] : [])]);

  const tiles = await Promise.all(
    TILES.map(async ({ code, detail }) => {
      const dims = kpiDims(locals, code);
      const cut = territoryFilter(dims, territory.resolved);
      const byQuarter = dims.includes('quarter');
      const view = await kpiView(locals, code, {
        ...(byQuarter ? { dims: ['quarter'] } : {}),
        ...(Object.keys(cut.filters).length ? { filters: cut.filters } : {}),
        ...(dims.includes('month') && from ? { from } : {}),
        ...(dims.includes('month') && to ? { to } : {}),
      });
      // Quarters still censored (no value yet) are left out, not drawn as zero; so is a
      // quarter not complete at the as-of date (a month of data is no quarter's value).
      const series = view.rows
        .map((r) => ({ period: byQuarter ? String(r.quarter) : '', value: r[view.value] }))
        .filter((p): p is { period: string; value: number } => typeof p.value === 'number')
        .filter((p) => !p.period || !view.asOf || (periodEnd(p.period) ?? '') <= view.asOf);
      const last = series.at(-1) ?? null;
      const prev = series.at(-2) ?? null;
      // The target of the place actually filtered on; a value is dated by the end of its quarter (or the as-of date).
      const target = cut.applied ? pickTarget(targets, code, 'territory', cut.applied.code, view.asOf ?? '9999-12-31') : null;
      const date = [last?.period ? periodEnd(last.period) : null, view.asOf].filter((d): d is string => Boolean(d)).sort()[0] ?? null;
      const assessment =
        target && last && date && view.higherIsBetter !== null ? assess(target, last.value, date, view.higherIsBetter, thresholds) : null;
      return {
        code,
        name: view.name,
        unit: view.unit,
        higherIsBetter: view.higherIsBetter,
        asOf: view.asOf,
        error: view.error,
        series,
        last,
        prev,
        note: cut.note,
        applied: cut.applied,
        assessment,
        href: `${detail}?${keep.toString()}`,
      };
    }),
  );
  return {
    paramProblems,
    tiles,
    territory,
    from,
    to,
    thresholds,
    customThresholds: custom,
    rule: { it: ruleText(thresholds, 'it'), en: ruleText(thresholds, 'en') },
  };
};
