// Names of the values the marts compute and pages show as text: the status of
// an indicator against its path, the shortage / surplus class of an
// occupation, the unit of a target. Reference codes (territories, occupations,
// sectors, code lists) are not here: their names come from the warehouse's
// reference tables through the page data.
import type { Lang, Text } from './lang.ts';

const VALUE_TEXT: Record<string, Text> = {
  // Indicator against the straight-line path to its milestone or target (SP_TGT).
  on_track: { it: 'in linea', en: 'on track' },
  at_risk: { it: 'a rischio', en: 'at risk' },
  off_track: { it: 'fuori linea', en: 'off track' },
  // Occupation × territory class (MM_FLAG).
  shortage: { it: 'carenza', en: 'shortage' },
  balanced: { it: 'equilibrio', en: 'balanced' },
  surplus: { it: 'eccedenza', en: 'surplus' },
  insufficient_data: { it: 'dati insufficienti', en: 'insufficient data' },
  // A code the source did not give (a target without programme, a person without territory).
  unknown: { it: 'non indicato', en: 'not stated' },
  // Kind of a target (also the target_kind code list).
  milestone: { it: 'Target intermedio', en: 'Milestone' },
  target: { it: 'Target finale', en: 'Final target' },
  // Units of a target or an indicator report.
  persons: { it: 'persone', en: 'persons' },
  share: { it: 'quota', en: 'share' },
  euro: { it: 'euro', en: 'euro' },
  unit: { it: 'unità', en: 'units' },
  // Outcomes of a scheduled job or a load (ops.job_runs, ops.loads).
  success: { it: 'riuscito', en: 'succeeded' },
  succeeded: { it: 'riuscito', en: 'succeeded' },
  ok: { it: 'riuscito', en: 'succeeded' },
  failed: { it: 'non riuscito', en: 'failed' },
  error: { it: 'errore', en: 'error' },
  running: { it: 'in corso', en: 'running' },
  skipped: { it: 'saltato', en: 'skipped' },
  rejected: { it: 'respinto', en: 'rejected' },
  refused: { it: 'rifiutato', en: 'refused' },
  duplicate: { it: 'già caricato (duplicato)', en: 'already loaded (duplicate)' },
  reverted: { it: 'annullato', en: 'reverted' },
  loaded: { it: 'caricato', en: 'loaded' },
  quarantined: { it: 'in quarantena', en: 'quarantined' },
  scheduled: { it: 'pianificato', en: 'scheduled' },
  // What started a job run (ops.job_runs.trigger).
  schedule: { it: 'pianificato', en: 'scheduled' },
  catch_up: { it: 'recupero di un turno perso', en: 'catch-up of a missed run' },
  after_load: { it: 'dopo un caricamento', en: 'after a load' },
  manual: { it: 'manuale', en: 'manual' },
  retry: { it: 'nuovo tentativo', en: 'retry' },
};

/** Whether `v` is a computed value with a name (a status, a class, a unit). */
export function hasValueText(v: string): boolean {
  return Object.hasOwn(VALUE_TEXT, v);
}

/** The name of a computed value in `lang`, or the value itself when it has none (free text, an id). */
export function valueText(lang: Lang, v: string): string {
  return Object.hasOwn(VALUE_TEXT, v) ? VALUE_TEXT[v][lang] : v;
}
