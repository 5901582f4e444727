// Loads a public-source file through its connector: the connector writes
// contract-shaped feed files into a scratch directory, and each goes through
// the single load path loadFile() in dependency order. Nothing here writes to
// core tables directly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Warehouse } from '../../warehouse/db.ts';
import { loadFile, type LoadOptions, type LoadResult } from '../load.ts';
import { findConnector, type Connector } from './index.ts';
import { readHeader } from './csv.ts';

export interface PublicLoadResult {
  connector: string;
  /** One result per feed file, in load order, each with the connector's notes. */
  results: (LoadResult & { notes: string[] })[];
}

/** The connector for a file, judged by its header and name; undefined for a contract-shaped file. */
export async function connectorFor(path: string): Promise<Connector | undefined> {
  return findConnector(path, await readHeader(path));
}

export async function loadPublicFile(
  wh: Warehouse,
  path: string,
  options: Omit<LoadOptions, 'feed'> & { connector?: Connector },
): Promise<PublicLoadResult | undefined> {
  const connector = options.connector ?? (await connectorFor(path));
  if (!connector) return undefined;
  const scratch = mkdtempSync(join(tmpdir(), 'osservatorio-connector-'));
  try {
    const files = await connector.toFeedFiles(path, scratch, { wh });
    const results: PublicLoadResult['results'] = [];
    for (const f of files) {
      const r = await loadFile(wh, f.file, { ...options, feed: f.feed });
      results.push({ ...r, feed: r.feed ?? f.feed, notes: f.notes ?? [] });
      // A refused upstream feed (programmes) makes the next ones unresolvable: stop and say so.
      if (r.status === 'refused' || r.status === 'failed') break;
    }
    return { connector: connector.name, results };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
