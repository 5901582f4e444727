// Overview for assessori and directors: for the chosen territory (a
// director lands on their home territory) and period, the headline rates with
// the counts behind them and their status against the place's target (or the
// targets of the places inside it, rolled up), and the volumes beside them;
// each with the last complete quarter, the change against the previous quarter
// and the same quarter a year earlier, and the quarterly series.
import { dataOf } from '$lib/server/kpi';
import { loadTerritory } from '$lib/server/section';
import { territoryParams } from '$lib/server/territory';
import { parseThresholds, ruleText } from '$lib/server/targets';
import { RATE_TILES, SMALL_BASE, VOLUME_TILES } from '$lib/server/overviewMeasures';
import { rateTile, volumeTile, type OverviewContext } from '$lib/server/overviewTiles';
import type { KpiTarget } from '../../../warehouse/kpi/targets.ts';
import type { ProjectPlace } from '../../../warehouse/programmes/projectPlaces.ts';
import { overviewParamProblems } from './overviewParams';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const territory = await loadTerritory(locals, url);
  const { thresholds, custom } = parseThresholds(url.searchParams);
  // The URL parameters this page cannot use: reported on the page (400), not dropped in silence.
  const { from, to, paramProblems } = overviewParamProblems(locals, url, territory.resolved.problems, custom);
  const data = dataOf(locals);
  const targets: KpiTarget[] = await data.kpiTargets();
  // Spend is cut by the projects delivered in the chosen place: read only when a place is chosen.
  const projectRows = territory.resolved.chain.length ? ((await data.projectPlaces()) as ProjectPlace[]) : null;
  const ctx: OverviewContext = { locals, territory, from, to, targets, thresholds, projectRows };
  // Links keep the territory, the period and the language.
  const keep = new URLSearchParams([...territoryParams(territory.resolved.selection), ...(from ? [['from', from]] : []), ...(to ? [['to', to]] : [])]);
  const href = (detail: string) => `${detail}?${keep.toString()}`;

  const [rates, volumes] = await Promise.all([
    Promise.all(RATE_TILES.map((t) => rateTile(ctx, t.code, t.counts, href(t.detail)))),
    Promise.all(VOLUME_TILES.map((t) => volumeTile(ctx, t.code, t.measure, t.label, href(t.detail)))),
  ]);
  return {
    paramProblems,
    rates,
    volumes,
    volumeNotes: VOLUME_TILES.map((t) => ({ code: t.code, what: t.what })),
    smallBase: SMALL_BASE,
    territory,
    from,
    to,
    thresholds,
    customThresholds: custom,
    rule: { it: ruleText(thresholds, 'it'), en: ruleText(thresholds, 'en') },
  };
};
