// Where releases live and how they are read back: <open-data>/releases/<n>/
// holds the frozen files of release n and its release.json. The URL, the API
// and the page read only through these functions, so a release number never
// reaches a path unless it is a published release.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OutputRow } from '../disclosure/index.ts';
import type { ReleasedTables } from './history.ts';
import type { RevisionNotes } from './revisionNotes.ts';
import { PUBLIC_TABLES } from './tables.ts';

export const RELEASES_FOLDER = 'releases';
export const RELEASE_METADATA = 'release.json';

export interface ReleaseFile {
  name: string;
  sha256: string;
  bytes: number;
}

export interface ReleaseInfo {
  release: number;
  /** Publication day in Europe/Rome (YYYY-MM-DD; pages show it as 31/10/2025). */
  date: string;
  publishedAt: string;
  asOf: string;
  martVersion: number;
  provisionalMonths: number;
  /** Periods published as provisional in this release. */
  provisional: string[];
  notes: RevisionNotes;
  /** The notes in words. */
  text: { it: string[]; en: string[] };
  files: ReleaseFile[];
}

export function releaseDir(openData: string, release: number): string {
  return join(openData, RELEASES_FOLDER, String(release));
}

/** Every published release, oldest first (folders without their release.json are not releases). */
export function listReleases(openData: string): ReleaseInfo[] {
  const root = join(openData, RELEASES_FOLDER);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => /^[1-9]\d*$/.test(name) && existsSync(join(root, name, RELEASE_METADATA)))
    .map((name) => JSON.parse(readFileSync(join(root, name, RELEASE_METADATA), 'utf8')) as ReleaseInfo)
    .sort((a, b) => a.release - b.release);
}

/** The highest release number with a folder, complete or not (a new release never reuses one). */
export function highestReleaseFolder(openData: string): number {
  const root = join(openData, RELEASES_FOLDER);
  if (!existsSync(root)) return 0;
  return Math.max(0, ...readdirSync(root).filter((n) => /^[1-9]\d*$/.test(n)).map(Number));
}

export function latestRelease(openData: string): ReleaseInfo | null {
  const all = listReleases(openData);
  return all.length ? all[all.length - 1] : null;
}

/**
 * The folder the default URLs serve: the latest release; before the first
 * release, the tables in preparation (the open-data folder itself).
 */
export function defaultSourceDir(openData: string): string {
  const latest = latestRelease(openData);
  return latest ? releaseDir(openData, latest.release) : openData;
}

/** The tables of a folder (a release's, or the tables in preparation). */
export function readTablesIn(dir: string): ReleasedTables {
  const out: ReleasedTables = new Map();
  for (const def of PUBLIC_TABLES) {
    const file = join(dir, `${def.id}.json`);
    if (!existsSync(file)) continue;
    const t = JSON.parse(readFileSync(file, 'utf8')) as { columns: string[]; rows: OutputRow[] };
    out.set(def.id, { columns: t.columns, rows: t.rows });
  }
  return out;
}

export class ReleaseParameterError extends Error {
  readonly code = 'BAD_PARAMETER';
}

/**
 * Reads a `release` parameter: absent → null (the default, the latest
 * release); otherwise it must be the number of a published release.
 */
export function parseReleaseParameter(value: unknown, openData: string): number | null {
  if (value === undefined) return null;
  const known = listReleases(openData).map((r) => r.release);
  const range = known.length ? `one of ${known.join(', ')}` : 'none is published yet';
  if (typeof value !== 'string' || !/^[1-9]\d*$/.test(value))
    throw new ReleaseParameterError(`Parameter 'release' must be the number of a published release (${range}); got '${String(value)}'.`);
  const n = Number(value);
  if (!known.includes(n)) throw new ReleaseParameterError(`Parameter 'release': release ${n} does not exist (${range}).`);
  return n;
}
