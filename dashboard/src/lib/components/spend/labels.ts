// The spend, programme and project pages take their words from the app's one
// dictionary ($lib/labels); this module keeps the name those components use
// and the status rule, which is a sentence built from the thresholds in force.
import { formatPercent, t, type Lang, type LabelKey } from '../../labels/index.ts';

export type SpendLabel = LabelKey;

/** The label `key` of the spend, programme and project pages, in `lang`. */
export const spendLabel: (lang: Lang, key: SpendLabel) => string = t;

/** The rule behind on track / at risk / off track, with the thresholds in force. */
export function statusRule(lang: Lang, thresholds: { onTrack: number; atRisk: number }): string {
  const pct = (x: number) => formatPercent(lang, x);
  return lang === 'it'
    ? `Regola: si confronta il valore attuale con il percorso lineare da baseline a obiettivo alla data di aggiornamento (atteso). Attuale / atteso ≥ ${pct(thresholds.onTrack)}: in linea; tra ${pct(thresholds.atRisk)} e ${pct(thresholds.onTrack)}: a rischio; < ${pct(thresholds.atRisk)}: fuori linea.`
    : `Rule: the actual value is compared with the straight-line path from baseline to target at the as-of date (expected). Actual / expected ≥ ${pct(thresholds.onTrack)}: on track; ${pct(thresholds.atRisk)}–${pct(thresholds.onTrack)}: at risk; < ${pct(thresholds.atRisk)}: off track.`;
}
