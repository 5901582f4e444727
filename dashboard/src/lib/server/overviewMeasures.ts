// What the overview shows for each KPI besides its headline value: the two
// counts behind a rate (numerator and denominator, measures of the KPI's own
// definition) and the volumes set beside the rates. Also the one small-number
// rule of the page.
//
// The measure names are those of warehouse/kpi/defs; tests/dashboard/
// overviewRollup.test.ts checks that each one exists, so a renamed measure
// fails a test instead of silently dropping the counts from a tile.

/**
 * Fewer cases than this in a rate's denominator (or in the base of a count's
 * change) is "pochi casi": the rate is shown with its counts, but no change
 * arrow and no relative change, because one case more or less would move it
 * by five points or more. One threshold for the whole page, stated on it.
 */
export const SMALL_BASE = 20;

export type Text = { it: string; en: string };

export interface RateCounts {
  /** Measure holding the numerator and the denominator, summed over the cut. */
  num: string;
  den: string;
  /** Whether the counts are cases (people, vacancies, positions): only then does the small-number rule apply. */
  cases: boolean;
  /** What one unit of the denominator is, for the small-number note ("20 posti"). */
  unitName: Text;
}

/** Headline rates of the overview and the counts behind each. */
export const RATE_TILES: readonly { code: string; detail: string; counts: RateCounts }[] = [
  { code: 'MM_FILL', detail: '/mismatch', counts: { num: 'filled_positions', den: 'closed_positions', cases: true, unitName: { it: 'posti', en: 'positions' } } },
  { code: 'MM_HTF', detail: '/mismatch', counts: { num: 'hard_to_fill', den: 'closed_vacancies', cases: true, unitName: { it: 'offerte', en: 'vacancies' } } },
  { code: 'PL_RATE_6', detail: '/placements', counts: { num: 'employed', den: 'eligible', cases: true, unitName: { it: 'persone', en: 'people' } } },
  { code: 'SP_PAID', detail: '/spend', counts: { num: 'paid', den: 'admitted', cases: false, unitName: { it: 'euro', en: 'euro' } } },
];

/** Volumes beside the rates: a count (or an amount) of one KPI's measure. */
export const VOLUME_TILES: readonly { code: string; measure: string; detail: string; label: Text; what: Text }[] = [
  {
    code: 'PL_FUNNEL',
    measure: 'registered',
    detail: '/placements',
    label: { it: 'Iscrizioni ai centri per l’impiego', en: 'Job-seeker registrations' },
    what: { it: 'iscrizioni (DID o primo contatto) per mese di iscrizione; una persona iscritta due volte conta due volte', en: 'registrations (DID or first contact) by month of registration; a person registered twice counts twice' },
  },
  {
    code: 'PL_QUAL',
    measure: 'placements',
    detail: '/placements',
    label: { it: 'Inserimenti lavorativi avviati', en: 'Placements started' },
    what: { it: 'contratti avviati da persone iscritte, per mese di inizio', en: 'contracts started by registered people, by month of start' },
  },
  {
    code: 'MM_VAC',
    measure: 'vacancies',
    detail: '/mismatch',
    label: { it: 'Offerte di lavoro pubblicate', en: 'Vacancies published' },
    what: { it: 'offerte pubblicate dagli sportelli, per mese di pubblicazione', en: 'vacancies published by the offices, by month of publication' },
  },
  {
    code: 'SP_STAGE',
    measure: 'paid',
    detail: '/spend',
    label: { it: 'Spesa pagata', en: 'Spend paid' },
    what: { it: 'pagamenti all’ultima fotografia finanziaria di ciascun progetto', en: 'payments at each project’s latest financial snapshot' },
  },
];
