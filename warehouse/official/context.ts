// The official figures of one territory as the "Mercato del lavoro" page
// shows them: the compulsory-communication flows of every loaded quarter
// beside the same quarter a year earlier (saldo computed here, as the
// difference of two flows of the same territory and quarter), the GOL
// stocks at the latest reference date of the Focus GOL — never summed or
// averaged across dates, with the targets the agency loaded for them — and
// the GOL prese in carico of each calendar year. Each
// figure keeps its source, publication, publication date and flags, so the
// page can cite it.
import type { Session } from '../db.ts';
import { sameQuarterYearEarlier } from './cobQuarter.ts';
import type { Additivity } from './series.ts';

export const COB_DATASET = 'mlps_cob_regionale_trimestrale';
export const GOL_DATASET = 'inapp_focus_gol_regionale';

const TERRITORY = /^[A-Z0-9]{1,8}$/;

/** A territory code not of the shape core.official_series holds. */
export class OfficialContextRequestError extends Error {
  readonly code = 'INVALID_OFFICIAL_CONTEXT_REQUEST';
  readonly status = 400;
}

/** Where a figure comes from: what the page prints beside it. */
export interface FigureProvenance {
  /** Publisher code (`mlps`, `inapp`). */
  source: string;
  /** The publication as printed (annex file name, table title); several joined by "; ", as titles hold commas. */
  publication: string;
  /** Publication date (YYYY-MM-DD) when the mapping gives one; null when the loaded file does not say. */
  publishedOn: string | null;
  /** Flags of the figures (`p`, `e`, `c`, `na`), distinct; empty when the publication marks none. */
  flags: string[];
  /** When the figures were loaded (UTC timestamp). */
  loadedAt: string;
}

export interface CobFlows {
  period: string;
  attivati: number | null;
  cessati: number | null;
  /** attivati − cessati; null when either is missing. */
  saldo: number | null;
}

export interface CobContextRow {
  current: CobFlows;
  /** The same quarter a year earlier; its figures are null when that quarter is not loaded. */
  yearEarlier: CobFlows;
  /** Provenance of the figures of both quarters. */
  provenance: FigureProvenance;
}

export interface GolFigure {
  measure: string;
  label_it: string;
  label_en: string;
  additivity: Additivity;
  unit: string;
  /** `_T`, or the GOL path 1–5. */
  gol_path: string;
  value: number | null;
  provenance: FigureProvenance;
}

/**
 * A target for a GOL figure of the territory, as the agency loaded it in the
 * targets feed (scope `territory`, scope_id the territory code, indicator
 * the Focus GOL measure code): the Focus GOL tables carry none, and the
 * regional targets are set by decree, not published as data.
 */
export interface GolTarget {
  measure: string;
  targetId: string;
  value: number;
  /** YYYY-MM-DD. */
  dueDate: string;
  kind: string | null;
  /** The file the target was loaded from, and when. */
  fileName: string;
  loadedAt: string;
}

export interface OfficialContext {
  territoryCode: string;
  /** Every loaded quarter of the territory, oldest first. */
  cob: CobContextRow[];
  /** The latest Focus GOL reference date loaded for the territory (YYYY-MM-DD), or null. */
  golDate: string | null;
  gol: GolFigure[];
  /** Where the GOL figures come from, all of them together: the line that cites the table; null without figures. */
  golProvenance: FigureProvenance | null;
  /** Per GOL measure at most one target: the first due on or after golDate, else the last due before it. */
  golTargets: GolTarget[];
  /** Prese in carico by calendar year of intake, oldest first, each as the newest table loaded counted it. */
  golYears: GolYear[];
}

/**
 * The prese in carico of one calendar year (Focus GOL Tabella 1.1), a flow:
 * a year still running when it was counted carries the flag `p`.
 */
export interface GolYear {
  year: string;
  value: number | null;
  provenance: FigureProvenance;
}

/** The Focus GOL measures the page shows, in the order shown. */
export const GOL_MEASURES = [
  'gol_prese_in_carico',
  'gol_individui_presi_in_carico',
  'gol_occupati',
  'gol_gia_occupati',
  'gol_nuovi_occupati',
  'gol_occupati_quota',
] as const;

interface Row {
  period: string;
  measure: string;
  value: number | null;
  flags: string | null;
  source: string;
  publication: string;
  published_on: string | null;
  loaded_at: string;
}

const ROW_COLUMNS = `s.period, s.measure, s.value, s.flags, s.source, s.publication,
  strftime(s.published_on, '%Y-%m-%d') as published_on,
  strftime(s.loaded_at, '%Y-%m-%dT%H:%M:%SZ') as loaded_at`;

/** Totals over every breakdown but the GOL path. */
const TOTAL_BREAKDOWNS = `s.sex = '_T' and s.age_band = '_T' and s.contract_type = '_T'`;

function provenanceOf(rows: Row[]): FigureProvenance {
  const distinct = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => Boolean(x)))].sort();
  const published = distinct(rows.map((r) => r.published_on));
  return {
    source: distinct(rows.map((r) => r.source)).join(', '),
    publication: distinct(rows.map((r) => r.publication)).join('; '),
    publishedOn: published.length ? published[published.length - 1] : null,
    flags: distinct(rows.flatMap((r) => (r.flags ?? '').split(/[,\s]+/))),
    loadedAt: rows.map((r) => r.loaded_at).sort().at(-1) ?? '',
  };
}

function flowsOf(period: string, rows: Row[]): CobFlows {
  const value = (m: string) => rows.find((r) => r.period === period && r.measure === m)?.value ?? null;
  const attivati = value('cob_rapporti_attivati');
  const cessati = value('cob_rapporti_cessati');
  return {
    period,
    attivati,
    cessati,
    saldo: attivati !== null && cessati !== null ? attivati - cessati : null,
  };
}

async function cobContext(db: Session, territoryCode: string): Promise<CobContextRow[]> {
  const rows = await db.rows<Row>(
    `select ${ROW_COLUMNS} from core.official_series s
      where s.dataset = $1 and s.territory_code = $2 and s.period_type = 'quarter'
        and s.measure in ('cob_rapporti_attivati', 'cob_rapporti_cessati')
        and ${TOTAL_BREAKDOWNS} and s.gol_path = '_T'
      order by s.period, s.measure`,
    [COB_DATASET, territoryCode],
  );
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  return periods.map((period) => {
    const earlier = sameQuarterYearEarlier(period);
    return {
      current: flowsOf(period, rows),
      yearEarlier: flowsOf(earlier, rows),
      provenance: provenanceOf(rows.filter((r) => r.period === period || r.period === earlier)),
    };
  });
}

async function golContext(
  db: Session,
  territoryCode: string,
): Promise<{ date: string | null; figures: GolFigure[]; provenance: FigureProvenance | null }> {
  const measures = GOL_MEASURES.map((_, i) => `$${i + 3}`).join(', ');
  const latest = await db.one<{ period: string | null }>(
    `select max(s.period) as period from core.official_series s
      where s.dataset = $1 and s.territory_code = $2 and s.period_type = 'date' and s.measure in (${measures})`,
    [GOL_DATASET, territoryCode, ...GOL_MEASURES],
  );
  const date = latest?.period ?? null;
  if (!date) return { date: null, figures: [], provenance: null };
  // One reference date only: these are stocks (cumulative counts at the date).
  const rows = await db.rows<Row & Omit<GolFigure, 'provenance' | 'value' | 'measure'>>(
    `select ${ROW_COLUMNS}, m.label_it, m.label_en, m.additivity, s.unit, s.gol_path
       from core.official_series s join core.official_measures m using (measure)
      where s.dataset = $1 and s.territory_code = $2 and s.period = $3
        and s.measure in (${GOL_MEASURES.map((_, i) => `$${i + 4}`).join(', ')})
        and ${TOTAL_BREAKDOWNS}`,
    [GOL_DATASET, territoryCode, date, ...GOL_MEASURES],
  );
  const order = (m: string) => (GOL_MEASURES as readonly string[]).indexOf(m);
  rows.sort((a, b) => order(a.measure) - order(b.measure) || a.gol_path.localeCompare(b.gol_path));
  return {
    date,
    figures: rows.map((r) => ({
      measure: r.measure,
      label_it: r.label_it,
      label_en: r.label_en,
      additivity: r.additivity,
      unit: r.unit,
      gol_path: r.gol_path,
      value: r.value,
      provenance: provenanceOf([r]),
    })),
    provenance: provenanceOf(rows),
  };
}

async function golYears(db: Session, territoryCode: string): Promise<GolYear[]> {
  const rows = await db.rows<Row>(
    `select ${ROW_COLUMNS} from core.official_series s
      where s.dataset = $1 and s.territory_code = $2 and s.measure = 'gol_prese_in_carico_anno'
        and s.period_type = 'year' and ${TOTAL_BREAKDOWNS} and s.gol_path = '_T'
      order by s.period`,
    [GOL_DATASET, territoryCode],
  );
  return rows.map((r) => ({ year: r.period, value: r.value, provenance: provenanceOf([r]) }));
}

/**
 * The target each GOL measure is measured against at the reference date: the
 * first due on or after it (the one still to reach), else the last one due
 * before it (the one that should have been reached).
 */
async function golTargets(db: Session, territoryCode: string, date: string | null): Promise<GolTarget[]> {
  if (!date) return [];
  const measures = GOL_MEASURES.map((_, i) => `$${i + 3}`).join(', ');
  return db.rows<GolTarget>(
    `select t.indicator_code as measure, t.target_id as "targetId", t.target_value as value,
            strftime(t.due_date, '%Y-%m-%d') as "dueDate", t.kind, l.file_name as "fileName",
            strftime(t.loaded_at, '%Y-%m-%dT%H:%M:%SZ') as "loadedAt"
       from core.targets t join ops.loads l using (load_id)
      where t.scope = 'territory' and t.scope_id = $1 and t.indicator_code in (${measures})
      qualify row_number() over (
        partition by t.indicator_code
        order by (t.due_date >= $2::DATE) desc,
                 case when t.due_date >= $2::DATE then t.due_date end asc,
                 t.due_date desc, t.target_id) = 1
      order by t.indicator_code`,
    [territoryCode, date, ...GOL_MEASURES],
  );
}

/** The official figures of one territory (region `cod_regione`, province `cod_uts`, `IT`). */
export async function officialContext(db: Session, territoryCode: string): Promise<OfficialContext> {
  if (!TERRITORY.test(territoryCode))
    throw new OfficialContextRequestError(
      `territory '${territoryCode}' is not a territory code of the official series (e.g. 17 for Basilicata)`,
    );
  const gol = await golContext(db, territoryCode);
  return {
    territoryCode,
    cob: await cobContext(db, territoryCode),
    golDate: gol.date,
    gol: gol.figures,
    golProvenance: gol.provenance,
    golTargets: await golTargets(db, territoryCode, gol.date),
    golYears: await golYears(db, territoryCode),
  };
}
