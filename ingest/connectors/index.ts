// Public-source connectors: each one recognises a file published by a public
// source (OpenCoesione, ISTAT, Eurostat SDMX-CSV and TSV, and the official series of ingest/official/) by its header and turns it into
// contract-shaped feed files. Those files then go through the single load path
// (`loadFile` in ingest/loadFile.ts); a connector never writes to core tables.
import { openCoesione } from './opencoesione.ts';
import { openCoesioneLocalizzazioni } from './opencoesioneLocalizzazioni.ts';
import { openCoesioneDotazioni } from './opencoesioneDotazioni.ts';
import { eurostatSdmx, istatSdmx } from './sdmx.ts';
import { eurostatTsv } from './eurostatTsv.ts';
import type { Connector } from './types.ts';
import { officialConnectors } from '../official/index.ts';

/**
 * Registered connectors; the first whose `matches` is true wins. The
 * official-series publications (ingest/official/mappings/) come last.
 */
export const CONNECTORS: Connector[] = [
  openCoesione,
  openCoesioneLocalizzazioni,
  openCoesioneDotazioni,
  istatSdmx,
  eurostatSdmx,
  eurostatTsv,
  ...officialConnectors(),
];

export function findConnector(path: string, headers: string[]): Connector | undefined {
  const fileName = path.split(/[\\/]/).pop() ?? path;
  return CONNECTORS.find((c) => c.matches(headers, fileName));
}
