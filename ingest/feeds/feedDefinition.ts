// What a feed definition declares. One module per feed in ingest/feeds/
// exports a FeedDefinition; the loader, the validator, the docs generator and
// the schema test all read these, so the contract has one source of truth.

/** Logical column types; the loader maps them to DuckDB types and parsers. */
export type ColumnType =
  | 'string'
  | 'integer'
  | 'decimal'
  | 'money' // DECIMAL(18,2); Italian `4.000.000,00` and `€` accepted
  | 'date' // ISO, DD/MM/YYYY or DD/MM/YY
  | 'boolean' // true/false, 1/0, si/no, s/n, yes/no, x
  | 'string_list'; // `a|b|c` or `a;b` or `a,b` inside one cell

/** Reference tables a code column is checked against (contract rule 3). */
export type ReferenceKind = 'comune' | 'occupation' | 'sector' | 'isced';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  required?: boolean;
  /** Italian (or other) header names accepted for this column. */
  aliases?: string[];
  /** Name of a list in ref.code_lists every value must belong to. */
  codeList?: string;
  reference?: ReferenceKind;
  /**
   * For a comune code: the row's own date column at which the code must be
   * valid in the comuni history (a placement's start, a vacancy's publication).
   */
  validAt?: string;
  /** Shape rule: 64 lowercase hex pseudonym, or 15-char CUP. */
  pattern?: 'hex64' | 'cup';
  /** Dates that are planned, so may lie after the load date (exempt from the future-date rule). */
  allowFuture?: boolean;
  min?: number;
  max?: number;
  description: string;
}

export interface CrossReference {
  column: string;
  feed: FeedName;
  /** Column in the target feed; defaults to that feed's single key column. */
  targetColumn?: string;
}

export type FeedName =
  | 'offices'
  | 'job_seekers'
  | 'services'
  | 'events'
  | 'employers'
  | 'vacancies'
  | 'matches'
  | 'placements'
  | 'programmes'
  | 'projects'
  | 'project_financials'
  | 'targets'
  | 'indicator_reports'
  | 'context_stats'
  | 'official_datasets'
  | 'official_measures'
  | 'official_series'
  | 'project_places'
  | 'programme_allocations';

export interface FeedDefinition {
  name: FeedName;
  group: 'job_centre' | 'programme' | 'public_source';
  /** Table in the warehouse: core.<name>. */
  table: string;
  description: string;
  key: string[];
  columns: ColumnSpec[];
  references?: CrossReference[];
  /** Pairs [start, end] where end must not precede start. */
  dateOrder?: [string, string][];
}

export function column(spec: ColumnSpec): ColumnSpec {
  return spec;
}
