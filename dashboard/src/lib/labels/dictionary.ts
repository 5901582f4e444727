// The app's one dictionary of interface words, Italian first, each a
// { it, en } pair like the warehouse's own texts (KPI names, column labels).
// Names of reference codes (territories, occupations, sectors, code lists)
// are not here: they come from the warehouse's reference tables through the
// page data; values computed by the marts (statuses, classes) are in values.ts.
import type { Lang, Text } from './lang.ts';

const UI_TEXT = {
  // Layout, navigation and shared page words
  skip: { it: 'Vai al contenuto', en: 'Skip to content' },
  title: { it: 'Osservatorio del mercato del lavoro', en: 'Labour-market observatory' },
  overview: { it: 'Sintesi', en: 'Overview' },
  mismatch: { it: 'Domanda e offerta', en: 'Mismatch' },
  placements: { it: 'Inserimenti', en: 'Placements' },
  context: { it: 'Mercato del lavoro', en: 'Labour market' },
  spend: { it: 'Spesa', en: 'Spend' },
  explore: { it: 'Esplora', en: 'Explore' },
  openData: { it: 'Dati aperti', en: 'Open data' },
  methodology: { it: 'Metodologia', en: 'Methodology' },
  operations: { it: 'Operazioni', en: 'Operations' },
  alerts: { it: 'Avvisi', en: 'Alerts' },
  yourProject: { it: 'Il tuo progetto', en: 'Your project' },
  yourProgramme: { it: 'Il tuo programma', en: 'Your programme' },
  signedInAs: { it: 'Accesso come', en: 'Signed in as' },
  signOut: { it: 'Esci', en: 'Sign out' },
  demo: {
    it: 'Dati sintetici dimostrativi: non descrivono persone o territori reali.',
    en: 'Synthetic demo data: they do not describe real people or places.',
  },
  noData: {
    it: 'Nessun dato. Carica i dati con «osservatorio ingest» (o «osservatorio demo») e aggiorna gli indicatori con «osservatorio marts refresh».',
    en: 'No data. Load data with "osservatorio ingest" (or "osservatorio demo") and refresh with "osservatorio marts refresh".',
  },
  error: { it: 'Impossibile leggere i dati', en: 'Could not read the data' },
  kpi: { it: 'Indicatore', en: 'Indicator' },
  groupBy: { it: 'Raggruppa per', en: 'Group by' },
  filter: { it: 'Filtro', en: 'Filter' },
  from: { it: 'Da (AAAA-MM)', en: 'From (YYYY-MM)' },
  to: { it: 'A (AAAA-MM)', en: 'To (YYYY-MM)' },
  apply: { it: 'Applica', en: 'Apply' },
  view: { it: 'Vista', en: 'View' },
  bar: { it: 'Barre', en: 'Bars' },
  line: { it: 'Linea', en: 'Line' },
  table: { it: 'Tabella', en: 'Table' },
  download: { it: 'Scarica', en: 'Download' },
  rows: { it: 'righe', en: 'rows' },
  change: { it: 'variazione sul periodo precedente', en: 'change vs previous period' },
  details: { it: 'Dettaglio', en: 'Details' },
  territory: { it: 'Territorio', en: 'Territory' },
  all: { it: 'Tutti', en: 'All' },
  asOf: { it: 'Dati al', en: 'Data as of' },
  chartAlt: { it: 'Grafico; gli stessi dati sono nella tabella.', en: 'Chart; the same data are in the table.' },
  numerator: { it: 'Numeratore', en: 'Numerator' },
  denominator: { it: 'Denominatore', en: 'Denominator' },
  population: { it: 'Popolazione', en: 'Population' },
  timeReference: { it: 'Riferimento temporale', en: 'Time reference' },
  censoring: { it: 'Censura', en: 'Censoring' },
  source: { it: 'Fonte', en: 'Source' },
  caveats: { it: 'Avvertenze', en: 'Caveats' },
  licence: {
    it: 'Licenza: CC BY 4.0. Citare «Osservatorio del mercato del lavoro».',
    en: 'Licence: CC BY 4.0. Credit "Osservatorio del mercato del lavoro".',
  },
  jobRuns: { it: 'Esecuzioni dei job', en: 'Job runs' },
  loads: { it: 'Caricamenti', en: 'Loads' },
  quarantine: { it: 'File in quarantena', en: 'Quarantined files' },
  project: { it: 'Progetto', en: 'Project' },
  programme: { it: 'Programma', en: 'Programme' },
  stages: { it: 'Fasi finanziarie', en: 'Financial stages' },
  language: { it: 'English', en: 'Italiano' },
  signIn: { it: 'Accedi', en: 'Sign in' },
  sortBy: { it: 'Ordina per', en: 'Sort by' },
  mapAttribution: {
    it: 'Confini amministrativi: ISTAT; elaborazione openpolis geojson-italy (CC BY 4.0), modificati.',
    en: 'Administrative boundaries: ISTAT; processed by openpolis geojson-italy (CC BY 4.0), modified.',
  },
  // Spend, programme and project pages
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
  noFinancialData: {
    it: 'Nessun dato finanziario caricato: caricare i file dei progetti e dei loro dati finanziari (osservatorio ingest) e aggiornare i mart (osservatorio marts refresh).',
    en: 'No financial data loaded: load the files of the projects and their financial data (osservatorio ingest) and refresh the marts (osservatorio marts refresh).',
  },
} as const satisfies Record<string, Text>;

export type LabelKey = keyof typeof UI_TEXT;

/** The interface word `key` in `lang`. */
export function t(lang: Lang, key: LabelKey): string {
  return UI_TEXT[key][lang];
}

/** Whether `key` is a word of the dictionary (for keys that arrive as data, e.g. a navigation entry). */
export function isLabelKey(key: string): key is LabelKey {
  return Object.hasOwn(UI_TEXT, key);
}
