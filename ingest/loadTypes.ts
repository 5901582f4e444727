// The shapes a load passes between its steps (loadFile.ts orchestrates; staged.ts
// and direct.ts write; write.ts holds what both writes share).
import type { FreeSpaceProbe } from './diskSpace.ts';
import type { XlsxLimits } from './readers/xlsxLimits.ts';
import type { ColumnSpec, FeedDefinition, FeedName } from './feeds/feedDefinition.ts';
import type { FileFormat } from './readers/fileFormat.ts';
import type { Source } from './readers/index.ts';
import type { Issue } from './validate.ts';

export type LoadStatus = 'loaded' | 'refused' | 'duplicate' | 'failed';

export interface LoadOptions {
  /** Feed name; otherwise taken from the file-name prefix, else from the header. */
  feed?: FeedName | string;
  /** Who sent the file (agency code, 'demo', …); recorded in ops.loads. */
  source: string;
  /** Validate only; write nothing. */
  dryRun?: boolean;
  /** Load date for the "not in the future" rule; defaults to today. */
  today?: string;
  /** XLSX: sheet to read (default: the first). */
  sheet?: string;
  /** XLSX: limits on what a workbook may unpack to (default: OSSERVATORIO_XLSX_* settings, then built-in). */
  xlsxLimits?: Partial<XlsxLimits>;
  /** Free bytes required on the database and temp file systems (default: OSSERVATORIO_INGEST_MIN_FREE_MB, else 3 × file size + 64 MiB). */
  minFreeBytes?: number;
  /** How free space is measured (default: statfs); tests give a full disk without filling one. */
  freeSpace?: FreeSpaceProbe;
  /**
   * false: always take the staged path (reader → temp table → core). By
   * default a clean file is written directly (reader → core); both accept the
   * same files and write the same rows (tests/ingest/direct.test.ts).
   */
  direct?: boolean;
  /** Called as the load moves on (for progress output); never given a value from the file. */
  onStage?: (stage: 'reading' | 'validating' | 'writing', detail: { rows?: number }) => void;
  /**
   * Feed columns that a public-source mapping declares public codes or public
   * text (territory labels, publication names): the PII guard leaves them
   * alone, and stays strict on every other column. Only connectors set this.
   */
  publicColumns?: readonly string[];
}

export interface LoadResult {
  file: string;
  feed: string | null;
  status: LoadStatus;
  rows: number;
  /** Load that brought the data: this one when loaded, the earlier one when duplicate. */
  loadId: number | null;
  checksum: string;
  errors: Issue[];
  warnings: Issue[];
  /** ops.loads row recording this attempt (null on dry runs). */
  attemptId?: number | null;
  format?: FileFormat | null;
  encoding?: string | null;
  /** Rows of earlier loads replaced by key (kept in ops.replaced_<feed>). */
  replacedRows?: number;
  /** Rows loaded but flagged (ops.row_flags), e.g. financial stages out of order. */
  flaggedRows?: number;
  /** How the rows reached core when loaded: straight from the reader, or through a checked temp table. */
  writtenBy?: 'direct' | 'staged';
}

/** Step timings for benchmarks (names of steps only, never a value). */
export type Lap = (step: string) => void;

/** A file opened for loading: bytes scanned, not a duplicate, feed and header known. */
export interface Opened {
  path: string;
  result: LoadResult;
  startedAt: string;
  source: Source;
  feed: FeedDefinition | undefined;
  /** Feed column of each source header (undefined: not a feed column). */
  mapping: Map<string, ColumnSpec | undefined>;
  /** Header rules passed (and a feed is known): the cells can be typed. */
  headerOk: boolean;
  /** Feed columns the PII guard skips (LoadOptions.publicColumns). */
  publicColumns?: ReadonlySet<string>;
}

/**
 * A file read, staged and checked, ready to be written; or the final result
 * when there is nothing to write (duplicate, refused, failed, dry run).
 */
export type Prepared =
  | { ready: false; result: LoadResult; startedAt: string }
  | { ready: true; result: LoadResult; startedAt: string; staged: string; feed: FeedDefinition };
