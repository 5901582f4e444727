// Public-source connectors: each one recognises a file published by a public
// source (OpenCoesione, ISTAT, Eurostat) by its header and turns it into
// contract-shaped feed files. Those files then go through the single load path
// (`loadFile` in ingest/load.ts); a connector never writes to core tables.
import type { Warehouse } from '../../warehouse/db.ts';
import type { Issue } from '../validate.ts';
import { openCoesione } from './opencoesione.ts';
import { eurostatSdmx, istatSdmx } from './sdmx.ts';

/** Optional read-only context: lets a connector skip rows the warehouse already has (e.g. programmes). */
export interface ConnectorContext {
  wh?: Warehouse;
}

/**
 * What a connector skipped or decided about rows of the public file: a stable
 * rule code, words, a count and the first rows concerned (row 1 = the
 * header, as in load reports). Never a cell value.
 */
export type ConnectorNote = Required<Pick<Issue, 'rule' | 'message' | 'count' | 'rows'>> &
  Pick<Issue, 'row'>;

export interface FeedFile {
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

/** Registered connectors; the first whose `matches` is true wins. */
export const CONNECTORS: Connector[] = [openCoesione, istatSdmx, eurostatSdmx];

export function findConnector(path: string, headers: string[]): Connector | undefined {
  const fileName = path.split(/[\\/]/).pop() ?? path;
  return CONNECTORS.find((c) => c.matches(headers, fileName));
}
