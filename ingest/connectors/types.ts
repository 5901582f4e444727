// What a public-source connector is: recognises a published file by its header
// and turns it into contract-shaped feed files. The registry (index.ts) and
// each connector depend on these shapes, not on each other.
import type { Warehouse } from '../../warehouse/db.ts';
import type { Issue } from '../validate.ts';
import type { StreamedChecksum } from './streamedChecksum.ts';

export interface ConnectorContext {
  /** Read-only: lets a connector skip rows the warehouse already has (e.g. programmes). */
  wh?: Warehouse;
  /** Give to readRecords: hashes the public file as the connector reads it. */
  checksum?: StreamedChecksum;
  /** The load date (LoadOptions.today), for rules about periods after it; defaults to today. */
  today?: string;
}

/**
 * What a connector skipped or decided about rows of the public file: a stable
 * rule code, words, a count and the first rows concerned (row 1 = the
 * header, as in load reports). Never a cell value.
 */
export type ConnectorNote = Required<Pick<Issue, 'rule' | 'message' | 'count' | 'rows'>> &
  Pick<Issue, 'row'>;

export interface FeedFile {
  /** Feed columns this file's mapping declares public codes or text: the PII guard skips them. */
  publicColumns?: string[];
  feed: string;
  file: string;
  /** What the connector skipped or decided while writing this feed file, for the load report and the CLI. */
  notes?: ConnectorNote[];
}

export interface Connector {
  /** Stable name, e.g. `opencoesione_progetti`. */
  name: string;
  /** True when this connector recognises the file by its header (and name). */
  matches(headers: string[], fileName: string): boolean;
  /**
   * Writes one contract-shaped CSV per feed into `outDir` and returns them in
   * load order (a feed before the feeds that reference it).
   */
  toFeedFiles(path: string, outDir: string, context?: ConnectorContext): Promise<FeedFile[]>;
}

/**
 * A public file its connector will not turn into feed files — a territory
 * that resolves to nothing, a number that cannot be read without guessing, a
 * period outside the publication. Carries every issue found (rule, row,
 * column; never a cell value); nothing of the file is loaded.
 */
export class PublicFileRefused extends Error {
  readonly code = 'PUBLIC_FILE_REFUSED';
  constructor(readonly issues: Issue[]) {
    super(
      issues
        .map(
          (i) =>
            `${i.rule}${i.row ? ` at row ${i.row}` : ''}${i.column ? `, column '${i.column}'` : ''}: ${i.message}`,
        )
        .join('\n'),
    );
  }
}
