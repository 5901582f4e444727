// The two tables of the "Mercato del lavoro" page, built once from the page
// data: the page renders these rows and columns, and each download is written
// from the very same ones (pageTableFiles), so a file equals the table shown.
// Official figures keep their own numbers; the agency's are in columns named
// as ours. Change and saldo are computed here from the published flows.
import type { CobContextRow, FigureProvenance, GolFigure, GolTarget, GolYear, OfficialContext } from '../../../../warehouse/official/context.ts';
import { formatCount, formatDate, formatPercent, formatQuarter, numberFormat, officialFlagText, type Lang, type Text } from '$lib/labels';
import type { FileColumn } from '$lib/download/pageTable';
import type { NetworkOffice } from '../../../../warehouse/kpi/officeNetwork.ts';

/** The key of a KPI total when no dimension is asked for. */
export const TOTAL = '_T';

/** A count of one KPI measure per value of one dimension (or TOTAL), or why there is none. */
export interface OwnSeries {
  name: Text;
  asOf: string | null;
  values: Record<string, number | null>;
  error: string | null;
}

export interface OwnFigures {
  placements: OwnSeries;
  golByPath: OwnSeries;
  golTaken: OwnSeries;
  golEmployed: OwnSeries;
  golNew: OwnSeries;
}

/** How each publisher is cited (docs/official-data.md, "Licence"). */
export const SOURCE_NAMES: Record<string, Text> = {
  mlps: {
    it: 'Ministero del Lavoro e delle Politiche Sociali – Comunicazioni obbligatorie',
    en: 'Ministry of Labour and Social Policies – Compulsory communications',
  },
  inapp: {
    it: 'INAPP, Focus GOL, su dati MLPS – Sistema Informativo Unitario',
    en: 'INAPP, Focus GOL, on Ministry of Labour data – Sistema Informativo Unitario',
  },
  istat: { it: 'ISTAT', en: 'ISTAT' },
  eurostat: { it: 'Eurostat', en: 'Eurostat' },
};


const GOL_PATHS: Record<string, Text> = {
  '1': { it: 'Percorso 1 – Reinserimento lavorativo', en: 'Path 1 – Job reintegration' },
  '2': { it: 'Percorso 2 – Aggiornamento (upskilling)', en: 'Path 2 – Upskilling' },
  '3': { it: 'Percorso 3 – Riqualificazione (reskilling)', en: 'Path 3 – Reskilling' },
  '4': { it: 'Percorso 4 – Lavoro e inclusione', en: 'Path 4 – Work and inclusion' },
  '5': { it: 'Percorso 5 – Ricollocazione collettiva', en: 'Path 5 – Collective redeployment' },
  _T: { it: 'Tutti i percorsi', en: 'All paths' },
};

const W = {
  quarter: { it: 'Trimestre', en: 'Quarter' },
  year: { it: 'Anno', en: 'Year' },
  yearIntakes: { it: 'Prese in carico nell’anno', en: 'Intakes in the year' },
  yearEarlier: { it: 'stesso trimestre un anno prima', en: 'same quarter a year earlier' },
  attivati: { it: 'Avviamenti', en: 'Hires (relationships started)' },
  cessati: { it: 'Cessazioni', en: 'Terminations (relationships ended)' },
  saldo: { it: 'Saldo', en: 'Balance' },
  change: { it: 'variazione %', en: 'change %' },
  diff: { it: 'differenza', en: 'difference' },
  ownPlacements: { it: 'Inserimenti avviati – nostri dati', en: 'Placements started – our data' },
  source: { it: 'Fonte', en: 'Source' },
  publication: { it: 'Pubblicazione', en: 'Publication' },
  publishedOn: { it: 'Data di pubblicazione', en: 'Publication date' },
  notGiven: { it: 'non indicata nel file caricato', en: 'not given in the loaded file' },
  loadedOn: { it: 'caricato il', en: 'loaded on' },
  flags: { it: 'Note sul dato', en: 'Notes on the figure' },
  noFlags: { it: 'nessuna (dato non segnalato come provvisorio o stimato)', en: 'none (not marked provisional or estimated)' },
  figure: { it: 'Dato', en: 'Figure' },
  path: { it: 'Percorso GOL', en: 'GOL path' },
  official: { it: 'Valore pubblicato', en: 'Published value' },
  target: { it: 'Obiettivo', en: 'Target' },
  noTarget: { it: 'obiettivo non disponibile', en: 'target not available' },
  targetDue: { it: 'Scadenza dell’obiettivo', en: 'Target due date' },
  office: { it: 'Ufficio', en: 'Office' },
  officeKind: { it: 'Tipo', en: 'Kind' },
  comune: { it: 'Comune', en: 'Municipality' },
  province: { it: 'Provincia', en: 'Province' },
  targetReached: { it: 'Quota dell’obiettivo raggiunta', en: 'Share of target reached' },
  ownGol: { it: 'Nostri dati', en: 'Our data' },
  referenceDate: { it: 'Data di riferimento', en: 'Reference date' },
} as const;

export const words = (lang: Lang) => (k: keyof typeof W): string => W[k][lang];

export function sourceName(lang: Lang, source: string): string {
  return source
    .split(', ')
    .map((s) => SOURCE_NAMES[s]?.[lang] ?? s)
    .join('; ');
}

export function flagsText(lang: Lang, flags: string[]): string {
  return flags.length ? flags.map((f) => officialFlagText(lang, f)).join(', ') : W.noFlags[lang];
}

export function publishedText(lang: Lang, p: FigureProvenance): string {
  return `${p.publishedOn ? formatDate(lang, p.publishedOn) : W.notGiven[lang]} (${W.loadedOn[lang]} ${formatDate(lang, p.loadedAt)})`;
}

export const golPathName = (lang: Lang, path: string): string => GOL_PATHS[path]?.[lang] ?? path;

/** (current − earlier) / earlier as a share; null when either is missing or earlier is 0. */
export function relativeChange(current: number | null, earlier: number | null): number | null {
  return current === null || earlier === null || earlier === 0 ? null : (current - earlier) / earlier;
}

export function difference(current: number | null, earlier: number | null): number | null {
  return current === null || earlier === null ? null : current - earlier;
}

const DASH = '—';
export const count = (lang: Lang, v: number | null): string => (v === null ? DASH : formatCount(lang, v, 0));
const signedCount = (lang: Lang, v: number | null): string =>
  v === null ? DASH : numberFormat(lang, { maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(v);
const signedPercent = (lang: Lang, v: number | null): string =>
  v === null ? DASH : numberFormat(lang, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(v);

/** One column of a page table: header, the text shown, and the cell of the download. */
export interface TableColumn<R> {
  header: string;
  /** Numeric columns are right-aligned. */
  numeric: boolean;
  text: (row: R) => string;
  file: FileColumn<R>;
}

/** A column of text, downloaded as shown. */
export function text<R>(header: string, value: (r: R) => string): TableColumn<R> {
  return { header, numeric: false, text: value, file: { header, cell: value } };
}

/** Where each row's figure comes from, the last four columns of every official table: source, publication, its date, flags. */
function provenanceColumns<R extends { provenance: FigureProvenance }>(lang: Lang): TableColumn<R>[] {
  const w = words(lang);
  return [
    text(w('source'), (r) => sourceName(lang, r.provenance.source)),
    text(w('publication'), (r) => r.provenance.publication),
    text(w('publishedOn'), (r) => publishedText(lang, r.provenance)),
    text(w('flags'), (r) => flagsText(lang, r.provenance.flags)),
  ];
}

/** The COB table: newest quarter first. */
export function cobTable(lang: Lang, official: OfficialContext, own: OwnFigures): { columns: TableColumn<CobContextRow>[]; rows: CobContextRow[] } {
  const w = words(lang);
  const yearEarlier = (k: 'attivati' | 'cessati' | 'saldo') => `${w(k)} – ${w('yearEarlier')}`;
  const col = (
    header: string,
    value: (r: CobContextRow) => number | null,
    kind: 'count' | 'signed' | 'change' = 'count',
  ): TableColumn<CobContextRow> => ({
    header,
    numeric: true,
    text: (r) => (kind === 'change' ? signedPercent(lang, value(r)) : kind === 'signed' ? signedCount(lang, value(r)) : count(lang, value(r))),
    file: { header, unit: kind === 'change' ? 'share' : 'count', cell: (r) => value(r) },
  });
  const columns: TableColumn<CobContextRow>[] = [
    text(w('quarter'), (r) => formatQuarter(lang, r.current.period)),
    col(w('attivati'), (r) => r.current.attivati),
    col(yearEarlier('attivati'), (r) => r.yearEarlier.attivati),
    col(`${w('attivati')} – ${w('change')}`, (r) => relativeChange(r.current.attivati, r.yearEarlier.attivati), 'change'),
    col(w('cessati'), (r) => r.current.cessati),
    col(yearEarlier('cessati'), (r) => r.yearEarlier.cessati),
    col(`${w('cessati')} – ${w('change')}`, (r) => relativeChange(r.current.cessati, r.yearEarlier.cessati), 'change'),
    col(w('saldo'), (r) => r.current.saldo, 'signed'),
    col(yearEarlier('saldo'), (r) => r.yearEarlier.saldo, 'signed'),
    col(`${w('saldo')} – ${w('diff')}`, (r) => difference(r.current.saldo, r.yearEarlier.saldo), 'signed'),
    col(w('ownPlacements'), (r) => own.placements.values[r.current.period] ?? null),
    ...provenanceColumns(lang),
  ];
  return { columns, rows: [...official.cob].reverse() };
}

/**
 * The target a GOL row is set against: only the total over paths (the
 * targets the agency loads are per measure, not per path).
 */
export function targetOf(official: OfficialContext, f: GolFigure): GolTarget | null {
  if (f.gol_path !== TOTAL) return null;
  return official.golTargets.find((t) => t.measure === f.measure) ?? null;
}

/** Published value ÷ target, for counts only: a share of a percentage is not a figure anyone reads. */
function reached(f: GolFigure, t: GolTarget | null): number | null {
  if (!t || f.value === null || f.unit === 'percentuale' || t.value <= 0) return null;
  return f.value / t.value;
}

/**
 * Our intakes over all paths: each intake has one path, so the paths' counts
 * add up (a path with no intake has no count). Null when our figures failed.
 */
function ownIntakesOverPaths(own: OwnFigures): number | null {
  if (own.golByPath.error) return null;
  const counts = Object.entries(own.golByPath.values).filter(([path]) => path !== TOTAL).map(([, v]) => v);
  return counts.some((v) => v === null) ? null : counts.reduce<number>((a, v) => a + (v ?? 0), 0);
}

/** The GOL table: the published figure, its target (when the agency loaded one) and ours where comparable. */
export function golTable(lang: Lang, official: OfficialContext, own: OwnFigures): { columns: TableColumn<GolFigure>[]; rows: GolFigure[] } {
  const w = words(lang);
  const percent = (f: GolFigure) => f.unit === 'percentuale';
  const ours = (f: GolFigure): number | null => {
    if (f.measure === 'gol_prese_in_carico') return f.gol_path === TOTAL ? ownIntakesOverPaths(own) : (own.golByPath.values[f.gol_path] ?? null);
    if (f.measure === 'gol_individui_presi_in_carico') return own.golTaken.values[TOTAL] ?? null;
    if (f.measure === 'gol_occupati') return own.golEmployed.values[TOTAL] ?? null;
    if (f.measure === 'gol_nuovi_occupati') return own.golNew.values[TOTAL] ?? null;
    return null;
  };
  const columns: TableColumn<GolFigure>[] = [
    text(w('figure'), (f) => (lang === 'it' ? f.label_it : f.label_en)),
    text(w('path'), (f) => golPathName(lang, f.gol_path)),
    {
      header: w('official'),
      numeric: true,
      text: (f) => (f.value === null ? DASH : percent(f) ? formatPercent(lang, f.value / 100) : count(lang, f.value)),
      file: { header: w('official'), unit: 'count', cell: (f) => f.value },
    },
    {
      header: w('target'),
      numeric: true,
      text: (f) => {
        const t = targetOf(official, f);
        return t ? (percent(f) ? formatPercent(lang, t.value / 100) : count(lang, t.value)) : w('noTarget');
      },
      file: { header: w('target'), cell: (f) => targetOf(official, f)?.value ?? w('noTarget') },
    },
    // Due date and share reached only when the agency loaded a target for the region.
    ...(official.golTargets.length
      ? [
          text(w('targetDue'), (f: GolFigure) => {
            const t = targetOf(official, f);
            return t ? formatDate(lang, t.dueDate) : DASH;
          }),
          {
            header: w('targetReached'),
            numeric: true,
            text: (f: GolFigure) => {
              const share = reached(f, targetOf(official, f));
              return share === null ? DASH : formatPercent(lang, share);
            },
            file: { header: w('targetReached'), unit: 'share', cell: (f: GolFigure) => reached(f, targetOf(official, f)) },
          },
        ]
      : []),
    {
      header: w('ownGol'),
      numeric: true,
      text: (f) => count(lang, ours(f)),
      file: { header: w('ownGol'), unit: 'count', cell: (f) => ours(f) },
    },
    text(w('referenceDate'), () => formatDate(lang, official.golDate)),
    ...provenanceColumns(lang),
  ];
  return { columns, rows: official.gol };
}

/** GOL prese in carico by year of intake: newest year first, as the COB table. */
export function golYearsTable(lang: Lang, official: OfficialContext): { columns: TableColumn<GolYear>[]; rows: GolYear[] } {
  const w = words(lang);
  const columns: TableColumn<GolYear>[] = [
    text(w('year'), (y) => y.year),
    {
      header: w('yearIntakes'),
      numeric: true,
      text: (y) => count(lang, y.value),
      file: { header: w('yearIntakes'), unit: 'count', cell: (y) => y.value },
    },
    ...provenanceColumns(lang),
  ];
  return { columns, rows: [...official.golYears].reverse() };
}

/** The agency's offices in the region: name, kind, comune and province, all by name. */
export function networkTable(lang: Lang, offices: NetworkOffice[]): { columns: TableColumn<NetworkOffice>[]; rows: NetworkOffice[] } {
  const w = words(lang);
  return {
    columns: [
      text(w('office'), (o) => o.name),
      text(w('officeKind'), (o) => (lang === 'it' ? o.kind_it : o.kind_en)),
      text(w('comune'), (o) => o.comune_name),
      text(w('province'), (o) => o.province_name),
    ],
    rows: offices,
  };
}
