// Public-source connectors: each one recognises a file published by a public
// source (OpenCoesione, ISTAT, Eurostat) by its header and turns it into
// contract-shaped feed files. Those files then go through the single load path
// (`loadFile` in ingest/load.ts); a connector never writes to core tables.

export interface Connector {
  /** Stable name, e.g. `opencoesione_progetti`. */
  name: string;
  /** True when this connector recognises the file by its header (and name). */
  matches(headers: string[], fileName: string): boolean;
  /**
   * Writes one contract-shaped CSV per feed into `outDir` and returns them in
   * load order (a feed before the feeds that reference it).
   */
  toFeedFiles(path: string, outDir: string): Promise<{ feed: string; file: string }[]>;
}

/** Registered connectors; the first whose `matches` is true wins. */
export const CONNECTORS: Connector[] = [];

export function findConnector(path: string, headers: string[]): Connector | undefined {
  const fileName = path.split(/[\\/]/).pop() ?? path;
  return CONNECTORS.find((c) => c.matches(headers, fileName));
}
