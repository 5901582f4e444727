// Reading a published public table back (for the /open-data page and the
// public API): the page, the API and the downloads all show the same file —
// the latest release by default, an earlier one on request.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OutputRow } from '../disclosure/index.ts';
import { defaultSourceDir, releaseDir } from './releaseFiles.ts';
import { PUBLIC_TABLE_IDS } from './tables.ts';

export interface PublishedTable {
  id: string;
  columns: string[];
  rows: OutputRow[];
}

/**
 * The published rows of a public table, or null if not published yet. Unknown
 * ids → null. `release` is a number already checked (parseReleaseParameter);
 * null or absent means the default (latest release, else the tables in preparation).
 */
export function readPublishedTable(openDataDir: string, id: string, release: number | null = null): PublishedTable | null {
  if (!PUBLIC_TABLE_IDS.includes(id)) return null;
  const dir = release === null ? defaultSourceDir(openDataDir) : releaseDir(openDataDir, release);
  const file = join(dir, `${id}.json`);
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as PublishedTable;
}
