// Labels of the spend, programme and project pages (Italian first). Kept here,
// beside the components that use them, rather than in the shared i18n.ts.
import type { Lang } from '../../i18n.ts';

const SPEND_LABELS = {
  programmed: { it: 'Programmato', en: 'Programmed' },
  admitted: { it: 'Ammesso', en: 'Admitted' },
  legally_committed: { it: 'Impegnato', en: 'Legally committed' },
  paid: { it: 'Pagato', en: 'Paid' },
  certified: { it: 'Certificato', en: 'Certified' },
  snapshot: { it: 'Data della fotografia', en: 'Snapshot date' },
  stage: { it: 'Fase', en: 'Stage' },
  amount: { it: 'Importo', en: 'Amount' },
  stageHistory: { it: 'Fasi finanziarie per fotografia', en: 'Financial stages per snapshot' },
  stageHistoryAlt: {
    it: 'Grafico a linee: importi programmato, ammesso, impegnato, pagato e certificato a ciascuna data di fotografia; la linea tratteggiata è la proiezione del pagato alla fine prevista. I dati sono nella tabella che segue.',
    en: 'Line chart: programmed, admitted, committed, paid and certified amounts at each snapshot date; the dashed line projects paid to the planned end. The data are in the table below.',
  },
  pace: { it: 'Ritmo della spesa rispetto al tempo', en: 'Spend pace against time' },
  paceAlt: {
    it: 'Grafico: quota pagata (pagato / ammesso) rispetto alla quota di durata trascorsa a ogni fotografia; la diagonale è la spesa lineare di riferimento, il tratto tratteggiato la proiezione. I dati sono nella tabella che segue.',
    en: 'Chart: paid share (paid / admitted) against the elapsed share of the duration at each snapshot; the diagonal is the straight-line reference, the dashed segment the projection. The data are in the table below.',
  },
  elapsedShare: { it: 'Quota di durata trascorsa', en: 'Elapsed share of duration' },
  paidShare: { it: 'Quota pagata (pagato / ammesso)', en: 'Paid share (paid / admitted)' },
  paceRatio: { it: 'Ritmo (quota pagata / quota di tempo)', en: 'Pace (paid share / elapsed share)' },
  diagonal: { it: 'spesa lineare (riferimento)', en: 'straight-line spend (reference)' },
  projection: { it: 'proiezione', en: 'projection' },
  forecast: { it: 'Previsione a fine progetto', en: 'Forecast at the planned end' },
  forecastPaid: { it: 'Pagato previsto a fine progetto', en: 'Forecast paid at planned end' },
  forecastMethod: {
    it: 'Proiezione, non un dato: pagato dell’ultima fotografia diviso la quota di durata trascorsa (pagato × durata totale / giorni trascorsi), cioè il ritmo medio dall’inizio del progetto mantenuto fino alla fine prevista.',
    en: 'A projection, not a figure: paid at the latest snapshot divided by the elapsed share of the duration (paid × total days / elapsed days), i.e. the average pace since the project start kept up to the planned end.',
  },
  plannedEnd: { it: 'Fine prevista', en: 'Planned end' },
  plannedStart: { it: 'Inizio', en: 'Start' },
  ofAdmitted: { it: 'dell’ammesso', en: 'of admitted' },
  noForecast: {
    it: 'Nessuna previsione: il progetto non ha date di inizio e fine o non è ancora iniziato.',
    en: 'No forecast: the project has no start and end dates or has not started yet.',
  },
  warnings: { it: 'Avvisi del caricamento', en: 'Loader warnings' },
  stageOrderFlag: {
    it: 'fasi fuori ordine (pagato ≤ impegnato ≤ ammesso ≤ programmato non rispettato): caricata e segnalata, non corretta',
    en: 'stages out of order (paid ≤ committed ≤ admitted ≤ programmed not met): loaded and flagged, not corrected',
  },
  inconsistent: { it: 'fasi incoerenti', en: 'inconsistent stages' },
  fileWarnings: { it: 'avvisi nel file', en: 'warnings in file' },
  noWarnings: { it: 'nessuno', en: 'none' },
  flaggedLegend: { it: 'fotografia segnalata dal caricamento', en: 'snapshot flagged by the loader' },
  targets: { it: 'Indicatori rispetto a traguardi e obiettivi', en: 'Indicators against milestones and targets' },
  targetsAlt: {
    it: 'Grafico: per ogni indicatore, il valore attuale (punto colorato per stato) rispetto all’atteso alla data sul percorso lineare (trattino) e al valore del traguardo o dell’obiettivo (rombo). I dati sono nella tabella che segue.',
    en: 'Chart: for each indicator, the actual value (dot coloured by status) against the value expected at the date on the straight-line path (tick) and the milestone or target value (diamond). The data are in the table below.',
  },
  indicator: { it: 'Indicatore', en: 'Indicator' },
  kind: { it: 'Tipo', en: 'Kind' },
  milestone: { it: 'Traguardo', en: 'Milestone' },
  target: { it: 'Obiettivo', en: 'Target' },
  dueDate: { it: 'Scadenza', en: 'Due date' },
  baseline: { it: 'Baseline', en: 'Baseline' },
  actual: { it: 'Attuale', en: 'Actual' },
  expected: { it: 'Atteso alla data', en: 'Expected at date' },
  goal: { it: 'Valore da raggiungere', en: 'Value to reach' },
  progress: { it: 'Attuale / atteso', en: 'Actual / expected' },
  status: { it: 'Stato', en: 'Status' },
  on_track: { it: 'in linea', en: 'on track' },
  at_risk: { it: 'a rischio', en: 'at risk' },
  off_track: { it: 'fuori linea', en: 'off track' },
  noStatus: { it: 'non valutabile', en: 'not assessable' },
  download: { it: 'Scarica', en: 'Download' },
  tableOf: { it: 'Tabella', en: 'Table' },
  latest: { it: 'Ultima fotografia', en: 'Latest snapshot' },
  refused: { it: 'Non nel tuo ambito', en: 'Not in your scope' },
  yourProjects: { it: 'I progetti del tuo ambito', en: 'Projects in your scope' },
  programmes: { it: 'Programmi', en: 'Programmes' },
  projects: { it: 'Progetti', en: 'Projects' },
  decommitment: { it: 'Rischio di disimpegno (N+3)', en: 'Decommitment risk (N+3)' },
  notForYourProfile: {
    it: 'Non disponibile per il tuo profilo (riguarda programmi fuori dal tuo ambito).',
    en: 'Not available for your account (it covers programmes outside your scope).',
  },
  noData: {
    it: 'Nessun dato finanziario caricato. Caricare i file project_financials e projects (osservatorio ingest) e aggiornare i mart (osservatorio marts refresh).',
    en: 'No financial data loaded. Load the project_financials and projects files (osservatorio ingest) and refresh the marts (osservatorio marts refresh).',
  },
} as const;

export type SpendLabel = keyof typeof SPEND_LABELS;

/** The label `key` of the spend, programme and project pages, in `lang`. */
export function spendLabel(lang: Lang, key: SpendLabel): string {
  return SPEND_LABELS[key][lang];
}

/** The rule behind on track / at risk / off track, with the thresholds in force. */
export function statusRule(lang: Lang, thresholds: { onTrack: number; atRisk: number }): string {
  const pct = (x: number) => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'it-IT', { style: 'percent', maximumFractionDigits: 1 }).format(x);
  return lang === 'it'
    ? `Regola: si confronta il valore attuale con il percorso lineare da baseline a obiettivo alla data di aggiornamento (atteso). Attuale / atteso ≥ ${pct(thresholds.onTrack)}: in linea; tra ${pct(thresholds.atRisk)} e ${pct(thresholds.onTrack)}: a rischio; < ${pct(thresholds.atRisk)}: fuori linea.`
    : `Rule: the actual value is compared with the straight-line path from baseline to target at the as-of date (expected). Actual / expected ≥ ${pct(thresholds.onTrack)}: on track; ${pct(thresholds.atRisk)}–${pct(thresholds.onTrack)}: at risk; < ${pct(thresholds.atRisk)}: off track.`;
}
