// Whether a figure printed for a territory and a period describes today's
// territory, for a publication that prints each period on the territories of
// its day (`territory.boundaries: of_period`, the default). A publication
// that recomputed its whole series on today's territories says
// `boundaries: current`, and nothing here applies to it.
//
//   reorganised  the territory of the period is not today's province: a new
//                province was carved out of it later (Milano before Monza e
//                della Brianza, 30 June 2009), it was itself formed later
//                (Monza before that day), or Sardinia's map was redrawn
//                (sardinianProvinces.ts). Refused: no figure of today's
//                province can be read from it.
//   changed      the same province or region, but comuni moved across its
//                border after the period began (Rimini and Pesaro e Urbino,
//                Emilia-Romagna and Marche, before 17 June 2021). Kept as
//                published, with the flag `b` — Eurostat's "break in time
//                series" — so no reader compares it with a later figure unawares.
import { provinceChanges, type ProvinceChange } from '../../warehouse/reference/provinceChanges.ts';
import { sardinianProvinceBeforeReform } from './sardinianProvinces.ts';

/** Flag of a figure whose territory's borders in its period are not today's. */
export const BOUNDARIES_CHANGED_FLAG = 'b';

export type BoundaryJudgement =
  { kind: 'same' } | { kind: 'reorganised' } | { kind: 'changed'; changes: ProvinceChange[] };

/** The changes after `periodStart` that touch territory `t`, at its own level. */
function changesSince(t: { level: string; code: string }, periodStart: string): ProvinceChange[] {
  const later = provinceChanges().filter((c) => c.on > periodStart);
  if (t.level === 'provincia')
    return later.filter((c) => c.from.province === t.code || c.to.province === t.code);
  if (t.level === 'regione')
    return later.filter(
      (c) => c.from.region !== c.to.region && (c.from.region === t.code || c.to.region === t.code),
    );
  return [];
}

/** How territory `t` in a period beginning on `periodStart` (YYYY-MM-DD) relates to today's. */
export function boundariesAtPeriod(
  t: { level: string; code: string },
  periodStart: string,
): BoundaryJudgement {
  if (sardinianProvinceBeforeReform(t, periodStart)) return { kind: 'reorganised' };
  const changes = changesSince(t, periodStart);
  if (changes.some((c) => c.kind === 'creation')) return { kind: 'reorganised' };
  return changes.length ? { kind: 'changed', changes } : { kind: 'same' };
}
