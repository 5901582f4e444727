// Labels of the dashboard in Italian (default) and English. A plain
// dictionary is enough for ~60 strings; numbers and dates go through Intl.
export type Lang = 'it' | 'en';

export function resolveLang(v: string | null | undefined): Lang {
  return v === 'en' ? 'en' : 'it';
}

const L = {
  skip: ['Vai al contenuto', 'Skip to content'],
  title: ['Osservatorio del mercato del lavoro', 'Labour-market observatory'],
  overview: ['Sintesi', 'Overview'],
  mismatch: ['Domanda e offerta', 'Mismatch'],
  placements: ['Inserimenti', 'Placements'],
  spend: ['Spesa', 'Spend'],
  explore: ['Esplora', 'Explore'],
  openData: ['Dati aperti', 'Open data'],
  methodology: ['Metodologia', 'Methodology'],
  operations: ['Operazioni', 'Operations'],
  yourProject: ['Il tuo progetto', 'Your project'],
  yourProgramme: ['Il tuo programma', 'Your programme'],
  signedInAs: ['Accesso come', 'Signed in as'],
  signOut: ['Esci', 'Sign out'],
  demo: [
    'Dati sintetici dimostrativi: non descrivono persone o territori reali.',
    'Synthetic demo data: they do not describe real people or places.',
  ],
  noData: [
    'Nessun dato. Carica i dati con «osservatorio ingest» (o «osservatorio demo») e aggiorna gli indicatori con «osservatorio marts refresh».',
    'No data. Load data with "osservatorio ingest" (or "osservatorio demo") and refresh with "osservatorio marts refresh".',
  ],
  error: ['Impossibile leggere i dati', 'Could not read the data'],
  kpi: ['Indicatore', 'Indicator'],
  groupBy: ['Raggruppa per', 'Group by'],
  filter: ['Filtro', 'Filter'],
  from: ['Da (AAAA-MM)', 'From (YYYY-MM)'],
  to: ['A (AAAA-MM)', 'To (YYYY-MM)'],
  apply: ['Applica', 'Apply'],
  view: ['Vista', 'View'],
  bar: ['Barre', 'Bars'],
  line: ['Linea', 'Line'],
  table: ['Tabella', 'Table'],
  download: ['Scarica', 'Download'],
  rows: ['righe', 'rows'],
  change: ['variazione sul periodo precedente', 'change vs previous period'],
  details: ['Dettaglio', 'Details'],
  territory: ['Territorio', 'Territory'],
  all: ['Tutti', 'All'],
  asOf: ['Dati al', 'Data as of'],
  chartAlt: ['Grafico; gli stessi dati sono nella tabella.', 'Chart; the same data are in the table.'],
  numerator: ['Numeratore', 'Numerator'],
  denominator: ['Denominatore', 'Denominator'],
  population: ['Popolazione', 'Population'],
  timeReference: ['Riferimento temporale', 'Time reference'],
  censoring: ['Censura', 'Censoring'],
  source: ['Fonte', 'Source'],
  caveats: ['Avvertenze', 'Caveats'],
  licence: ['Licenza: CC BY 4.0. Citare «Osservatorio del mercato del lavoro».', 'Licence: CC BY 4.0. Credit "Osservatorio del mercato del lavoro".'],
  jobRuns: ['Esecuzioni dei job', 'Job runs'],
  loads: ['Caricamenti', 'Loads'],
  quarantine: ['File in quarantena', 'Quarantined files'],
  project: ['Progetto', 'Project'],
  programme: ['Programma', 'Programme'],
  stages: ['Fasi finanziarie', 'Financial stages'],
  language: ['English', 'Italiano'],
  signIn: ['Accedi', 'Sign in'],
  sortBy: ['Ordina per', 'Sort by'],
  mapAttribution: [
    'Confini amministrativi: ISTAT; elaborazione openpolis geojson-italy (CC BY 4.0), modificati.',
    'Administrative boundaries: ISTAT; processed by openpolis geojson-italy (CC BY 4.0), modified.',
  ],
} as const satisfies Record<string, readonly [string, string]>;

export type LabelKey = keyof typeof L;

export function t(lang: Lang, key: LabelKey): string {
  return L[key][lang === 'en' ? 1 : 0];
}

export function locale(lang: Lang): string {
  return lang === 'en' ? 'en-GB' : 'it-IT';
}

export function fmtNumber(lang: Lang, v: unknown, unit?: string): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v !== 'number') return String(v);
  const loc = locale(lang);
  if (unit === 'share' || unit === 'rate')
    return new Intl.NumberFormat(loc, { style: 'percent', maximumFractionDigits: 1 }).format(v);
  if (unit === 'euro') return new Intl.NumberFormat(loc, { style: 'currency', currency: 'EUR' }).format(v);
  if (unit === 'ratio') return new Intl.NumberFormat(loc, { maximumFractionDigits: 2 }).format(v);
  return new Intl.NumberFormat(loc, { maximumFractionDigits: 1 }).format(v);
}

export function fmtDate(lang: Lang, iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(locale(lang), { dateStyle: 'medium' }).format(d);
}
