// Public types of the KPI engine: what a KPI is (its definition and
// methodology), what a consumer may ask for (a KpiRequest inside the
// allow-list) and what it gets back (a KpiResult). Every page, API, export and
// test goes through queryKpi() in ./query.ts with these types.
import type { Row } from '../db.ts';

/** Bilingual text: Italian first (the default language of the pages), English beside it. */
export interface Text {
  it: string;
  en: string;
}

export type KpiFamily = 'mismatch' | 'placement' | 'spend';

/** `as_published`: a figure another body published (MM_CTX), shown with its own decimals and unit of measure. */
export type KpiUnit = 'count' | 'share' | 'rate' | 'days' | 'euro' | 'ratio' | 'value' | 'as_published';

/** Every dimension a KPI may be cut or filtered by. The allow-list lives in ./dimensions.ts. */
export const DIMENSION_NAMES = [
  'region',
  'province',
  'comune',
  'office',
  'programme',
  'project',
  'occupation_group',
  'isco_major',
  'occupation',
  'sector_section',
  'gender',
  'age_band',
  'citizenship',
  'isced',
  'target_group',
  'month',
  'quarter',
  'year',
  // KPI-specific breakdowns
  'gol_path',
  'event_kind',
  'contract_type',
  'indicator',
  'stat_unit',
  'stat_breakdown',
  'target_kind',
  'context_source',
  'territory_level',
  'territory_code',
  'period',
] as const;

export type DimensionName = (typeof DIMENSION_NAMES)[number];

export type KpiCode =
  | 'MM_VAC'
  | 'MM_FILL'
  | 'MM_TTF'
  | 'MM_HTF'
  | 'MM_TIGHT'
  | 'MM_DECL'
  | 'MM_FLAG'
  | 'MM_CTX'
  | 'PL_FUNNEL'
  | 'PL_RATE_1'
  | 'PL_RATE_3'
  | 'PL_RATE_6'
  | 'PL_RATE_12'
  | 'PL_EECR'
  | 'PL_QUAL'
  | 'PL_RET'
  | 'PL_CONV'
  | 'PL_EVT'
  | 'PL_GOL'
  | 'SP_STAGE'
  | 'SP_PAID'
  | 'SP_PACE'
  | 'SP_RISK'
  | 'SP_TGT'
  | 'SP_CPP';

/** A measure of a KPI: an aggregate over the mart, written in the registry (never from a request). */
export interface MeasureDefinition {
  name: string;
  unit: KpiUnit | 'text';
  label: Text;
  /** SQL aggregate over mart columns, e.g. `sum(filled_positions)`. Registry-owned text. */
  sql: string;
  /** Counts behind a rate (numerator/denominator): disclosure control checks these. */
  isCount?: boolean;
  /**
   * The population a count belongs to, for disclosure control: counts of the
   * same units under nested conditions (one equals or bounds the other cell by
   * cell, in this KPI or another on the same mart and cut) name the same
   * population and share one suppression pattern (warehouse/disclosure/populationPattern.ts).
   */
  population?: string;
}

export interface Methodology {
  numerator: Text;
  denominator: Text;
  population: Text;
  timeReference: Text;
  censoring: Text;
  source: Text;
  caveats: Text;
}

export interface KpiDefinition {
  code: KpiCode;
  family: KpiFamily;
  name: Text;
  description: Text;
  unit: KpiUnit;
  higherIsBetter?: boolean;
  /** mart table in schema `mart`, e.g. 'vacancy_outcomes'. */
  mart: string;
  /**
   * Smaller aggregates of `mart` (same column names and counts, coarser grain),
   * smallest first: a request is answered from the first one holding every
   * dimension it groups or filters by (and `month` for from/to), else from
   * `mart`. The answer is the same, from far fewer rows.
   */
  rollups?: readonly KpiRollup[];
  /** Dimensions the KPI may be cut and filtered by (keys of `columns`). */
  dimensions: DimensionName[];
  /** Mart column behind each allowed dimension (month/quarter/year map to the KPI's time reference). */
  columns: Partial<Record<DimensionName, string>>;
  /** Dimensions used when the request names none (e.g. SP_TGT is per target). */
  defaultDims?: DimensionName[];
  /** Measures returned, in order; `value` names the headline one. */
  measures: MeasureDefinition[];
  value: string;
  /** Registry-owned row condition on the mart (e.g. only closed vacancies). */
  where?: string;
  methodology: Methodology;
  /** Whether the figures are context (ISTAT/Eurostat), not the observatory's own. */
  context?: boolean;
  /** Range a measure should fall in on realistic data (sanity figures of kpis.md); checked on demo data. */
  plausible?: PlausibleRange[];
}

/** A smaller aggregate of a KPI's mart (KpiDefinition.rollups). */
export interface KpiRollup {
  mart: string;
  dimensions: readonly DimensionName[];
  /**
   * Measures computed here with other SQL than the KPI's own, by measure name:
   * a median over one row per vacancy becomes a median over a histogram.
   */
  measures?: Readonly<Record<string, string>>;
  /**
   * The rollup is a histogram: each row counts `count` units having the values
   * of `values`. Its rows are first summed by the request's dimensions and
   * those values, so the measures read one row per group and distinct value
   * (a few hundred days), not one per province and month as well — unless the
   * request groups by every dimension of `cell` (those naming one cell of the
   * rollup), whose rows are already one per group and value.
   */
  histogram?: { values: readonly string[]; count: string; cell: readonly DimensionName[] };
}

export interface PlausibleRange {
  measure: string;
  min: number;
  max: number;
  basis: Text;
}

export type FilterValue = string | string[];

/**
 * What a consumer asks of a KPI: the one request type of the query layer and
 * of the authorization layer in front of it. Names are plain strings here
 * because requests arrive from URLs and the CLI; normaliseRequest (./query.ts)
 * checks them against the KPI's allow-list.
 */
export interface KpiRequest {
  /** Group-by dimensions. */
  dims?: string[];
  /** Dimension → one value or a list of values. */
  filters?: Record<string, FilterValue>;
  /** 'YYYY-MM', inclusive, on the KPI's time reference. */
  from?: string;
  to?: string;
  /** SP_TGT: status thresholds as shares of the straight-line path (default 0.95 / 0.80). */
  thresholds?: { onTrack?: number; atRisk?: number };
}

export interface KpiColumn {
  name: string;
  type: 'dimension' | 'measure';
  unit?: KpiUnit | 'text';
  label: Text;
  isCount?: boolean;
}

export interface KpiResult {
  code: KpiCode;
  definition: KpiDefinition;
  /** The request as validated (dims resolved, filters normalised to arrays). */
  request: NormalisedRequest;
  columns: KpiColumn[];
  rows: Row[];
  martVersion: number;
  /** Data as-of date used for censoring ('YYYY-MM-DD'). */
  asOf: string;
  notes: Text[];
  thresholds?: { onTrack: number; atRisk: number };
}

export interface NormalisedRequest {
  dims: DimensionName[];
  filters: Partial<Record<DimensionName, string[]>>;
  from?: string;
  to?: string;
  thresholds?: { onTrack: number; atRisk: number };
}

export interface DimensionValue {
  value: string;
  label: Text;
}

export interface MartRefresh {
  version: number;
  asOf: string;
  tables: { name: string; rows: number }[];
  ms: number;
}

/** Stable codes of a request outside the allow-list (→ HTTP 400 upstream). */
export type KpiRequestErrorCode =
  | 'UNKNOWN_KPI'
  | 'UNKNOWN_DIMENSION'
  | 'DIMENSION_NOT_ALLOWED'
  | 'INVALID_FILTER_VALUE'
  | 'INVALID_PERIOD'
  | 'PERIOD_NOT_SUPPORTED'
  | 'INVALID_THRESHOLDS'
  | 'TOO_MANY_DIMENSIONS';

export class KpiRequestError extends Error {
  readonly status = 400;
  constructor(
    readonly code: KpiRequestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KpiRequestError';
  }
}

/** The marts have not been built yet (→ HTTP 503 upstream; run `osservatorio marts refresh`). */
export class MartsNotBuiltError extends Error {
  readonly code = 'MARTS_NOT_BUILT';
  readonly status = 503;
  constructor() {
    super("The KPI marts have not been built yet: run 'osservatorio marts refresh' (or the marts job).");
    this.name = 'MartsNotBuiltError';
  }
}
