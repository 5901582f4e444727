// Loads a public-source file through its connector: the connector writes
// contract-shaped feed files into a scratch directory, and they go through
// the single load path together (loadFilesTogether): one transaction, in
// dependency order, so the public file is loaded whole or not at all. Nothing
// here writes to core tables directly.
import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import type { Warehouse } from '../../warehouse/db.ts';
import { loadFilesTogether, type LoadOptions, type LoadResult } from '../loadFile.ts';
import { findConnector } from './index.ts';
import { PublicFileRefused, type Connector, type ConnectorNote } from './types.ts';
import { csvHeaderOf } from '../readers/csvDialect.ts';
import { StreamedChecksum } from './streamedChecksum.ts';
import { makeScratchDir } from '../tempDirs.ts';
import { sha256File } from '../loadFile.ts';
import { recordAttempt } from '../write.ts';

export interface PublicLoadResult {
  connector: string;
  /** SHA-256 of the public file itself, taken while the connector read it. */
  checksum: string;
  /** One result per feed file, in load order, each with the connector's notes on it. */
  results: (LoadResult & { notes: ConnectorNote[] })[];
  /** Every note of the connector (rows skipped, choices made), for the report and the CLI. */
  notes: ConnectorNote[];
}

/** The connector for a file, judged by its header and name; undefined for a contract-shaped file. */
export async function connectorFor(path: string): Promise<Connector | undefined> {
  return findConnector(path, (await csvHeaderOf(path)) ?? []);
}

export async function loadPublicFile(
  wh: Warehouse,
  path: string,
  options: Omit<LoadOptions, 'feed'> & { connector?: Connector },
): Promise<PublicLoadResult | undefined> {
  const connector = options.connector ?? (await connectorFor(path));
  if (!connector) return undefined;
  const scratch = makeScratchDir('connector');
  try {
    const checksum = new StreamedChecksum();
    const startedAt = new Date().toISOString();
    let files;
    try {
      files = await connector.toFeedFiles(path, scratch, { wh, checksum, today: options.today });
    } catch (err) {
      if (!(err instanceof PublicFileRefused)) throw err;
      return await refusedByConnector(wh, path, connector, err, options, startedAt);
    }
    const loaded = await loadFilesTogether(
      wh,
      files.map((f) => ({ file: f.file, feed: f.feed, publicColumns: f.publicColumns })),
      { ...options, source: options.source || connector.name },
    );
    const results = loaded.map((r, i) => ({
      ...r,
      feed: r.feed ?? files[i].feed,
      notes: files[i].notes ?? [],
    }));
    return {
      connector: connector.name,
      checksum: await checksum.digest(path),
      results,
      notes: files.flatMap((f) => f.notes ?? []),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The connector refused the public file before writing any feed file: one
 * refused result with its issues (file, row, column, rule), recorded in
 * ops.loads like any refusal; nothing is loaded.
 */
async function refusedByConnector(
  wh: Warehouse,
  path: string,
  connector: Connector,
  refusal: PublicFileRefused,
  options: Omit<LoadOptions, 'feed'>,
  startedAt: string,
): Promise<PublicLoadResult> {
  const checksum = await sha256File(path);
  const result: LoadResult & { notes: ConnectorNote[] } = {
    file: basename(path),
    feed: null,
    status: 'refused',
    rows: 0,
    loadId: null,
    attemptId: null,
    checksum,
    errors: refusal.issues,
    warnings: [],
    format: 'csv',
    notes: [],
  };
  const source = { ...options, source: options.source || connector.name };
  if (!options.dryRun) await recordAttempt(wh, result, source, startedAt);
  return { connector: connector.name, checksum, results: [result], notes: [] };
}
