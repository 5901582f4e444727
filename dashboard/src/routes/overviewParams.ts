// The overview's URL parameters checked in one place (territory, period, the
// status thresholds), so the page reports what it cannot use instead of
// silently showing the defaults.
import { PAGE_PARAMS, PERIOD_PARAMS, printable, readPeriod, TERRITORY_PARAMS, unknownParams, type ParamProblem } from '$lib/params';
import { reportParams } from '$lib/server/paramStatus';

const THRESHOLD_PARAMS = ['on_track', 'at_risk'] as const;

/** The period to apply and every parameter problem of the overview (recorded for the 400 status). */
export function overviewParamProblems(locals: App.Locals, url: URL, territoryProblems: ParamProblem[], customThresholds: boolean) {
  const params = url.searchParams;
  const period = readPeriod(params);
  const problems = [...unknownParams(params, [...PAGE_PARAMS, ...PERIOD_PARAMS, ...TERRITORY_PARAMS, ...THRESHOLD_PARAMS]), ...period.problems, ...territoryProblems];
  // parseThresholds falls back to the catalogue rule when the pair is unusable: say so.
  const given = THRESHOLD_PARAMS.filter((n) => params.get(n));
  if (given.length && !customThresholds)
    problems.push({
      param: given.join(', '),
      value: printable(given.map((n) => `${n}=${params.get(n)}`).join('&')),
      problem: { it: `soglie non valide: ${given.map((n) => `${n}=${printable(params.get(n) ?? '')}`).join(', ')}`, en: `invalid thresholds: ${given.map((n) => `${n}=${printable(params.get(n) ?? '')}`).join(', ')}` },
      expected: { it: 'quote tra 0 e 1 con at_risk minore di on_track, es. on_track=0.95&at_risk=0.8', en: 'shares between 0 and 1 with at_risk below on_track, e.g. on_track=0.95&at_risk=0.8' },
      outcome: { it: 'mostro le soglie del catalogo', en: 'showing the catalogue thresholds' },
    });
  return { from: period.from, to: period.to, paramProblems: reportParams(locals, problems) };
}
