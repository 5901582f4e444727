// What happens to a file refused for personal data (an identifier in a
// column name, a cell or the file name). Its report stays in quarantine/ —
// reports carry rules, rows and columns, never values — but the file itself
// holds the personal data the guard kept out of the warehouse, so it must not
// sit there readable: it is kept, if at all, owner-only (0600, in a 0700
// folder) and for a bounded time, then deleted by a sweep that runs before
// every load of the `ingest` command and every inbox run.
//
// The retention is OSSERVATORIO_QUARANTINE_HOURS (default 72; 0 deletes the
// file at once). Files refused for any other reason are kept as before.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult } from './loadTypes.ts';

export const DEFAULT_QUARANTINE_HOURS = 72;
export const PERSONAL_DATA_DIR = 'personal-data';
const PERSONAL_DATA_RULES = new Set(['pii_value', 'pii_column', 'pii_file_name']);

export class QuarantineConfigError extends Error {
  readonly code = 'QUARANTINE_CONFIG';
}

/** Hours a file refused for personal data is kept, from OSSERVATORIO_QUARANTINE_HOURS. */
export function quarantineHours(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.OSSERVATORIO_QUARANTINE_HOURS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_QUARANTINE_HOURS;
  const hours = Number(raw);
  if (!Number.isFinite(hours) || hours < 0 || hours > 24 * 90)
    throw new QuarantineConfigError(
      `OSSERVATORIO_QUARANTINE_HOURS must be a number of hours from 0 (delete at once) to 2160 (90 days); got '${raw}'`,
    );
  return hours;
}

/** True when a refusal is (also) for personal data. */
export function refusedForPersonalData(
  result: Pick<LoadResult, 'errors'> & { parts?: Pick<LoadResult, 'errors'>[] },
): boolean {
  return [result, ...(result.parts ?? [])].some((r) =>
    r.errors.some((e) => PERSONAL_DATA_RULES.has(e.rule)),
  );
}

/** What the report says about the file itself. */
export interface PersonalDataFile {
  /** `kept` owner-only until `deleteAfter`, or `deleted`. */
  file: 'kept' | 'deleted';
  deleteAfter: string | null;
  deletedAt: string | null;
  note: string;
}

/** The owner-only folder for files refused for personal data (created 0700, tightened if it exists). */
export function personalDataDir(quarantine: string): string {
  const dir = join(quarantine, PERSONAL_DATA_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return dir;
}

export function keptNote(deleteAfter: string): PersonalDataFile {
  return {
    file: 'kept',
    deleteAfter,
    deletedAt: null,
    note: `refused for personal data: the file is kept readable by the service account only, in quarantine/${PERSONAL_DATA_DIR}/, and deleted after ${deleteAfter}; this report holds no value from it`,
  };
}

export function deletedNote(at: string): PersonalDataFile {
  return {
    file: 'deleted',
    deleteAfter: null,
    deletedAt: at,
    note: 'refused for personal data: the file was deleted; this report holds no value from it — ask the sender for a corrected file',
  };
}

/**
 * Deletes files refused for personal data whose time is up, and records it
 * in their reports. Reports name the file they belong to (`personalData`),
 * so nothing but those files is ever deleted. Returns how many were deleted.
 */
export function sweepQuarantine(quarantine: string, now: Date = new Date()): number {
  if (!existsSync(quarantine)) return 0;
  let deleted = 0;
  for (const name of readdirSync(quarantine)) {
    if (!name.endsWith('.report.json')) continue;
    const reportPath = join(quarantine, name);
    let report: { personalData?: PersonalDataFile & { path?: string } };
    try {
      report = JSON.parse(readFileSync(reportPath, 'utf8'));
    } catch {
      continue;
    }
    const p = report.personalData;
    if (!p || p.file !== 'kept' || !p.deleteAfter || Date.parse(p.deleteAfter) > now.getTime())
      continue;
    const file = join(quarantine, PERSONAL_DATA_DIR, name.slice(0, -'.report.json'.length));
    rmSync(file, { force: true });
    report.personalData = deletedNote(now.toISOString());
    writeFileSync(reportPath, JSON.stringify(report, null, 2) + '\n');
    deleted++;
  }
  return deleted;
}

/** A refused file as the operations page lists it, with the start of its report. */
export interface QuarantinedFile {
  name: string;
  /** The report's first 4,000 characters; null when the file has none. */
  report: string | null;
}

const REPORT_RE = /\.report\.(json|txt)$/;

/**
 * Up to 50 refused files in directory order, for the operations page: files
 * kept in quarantine/ and files refused for personal data (listed by their
 * report, whether the file itself is still kept owner-only or was deleted).
 * Reports carry rule counts and locations, never a cell value, so showing
 * them to an admin reveals no personal data. An unreadable or missing folder
 * lists nothing.
 */
export async function listQuarantine(dir: string): Promise<QuarantinedFile[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const files = new Set(entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name));
  const names = [
    ...[...files].filter((n) => !REPORT_RE.test(n)),
    // A report whose file is not beside it: the file was refused for personal data.
    ...[...files].filter((n) => REPORT_RE.test(n) && !files.has(n.replace(REPORT_RE, ''))).map((n) => n.replace(REPORT_RE, '')),
  ].slice(0, 50);
  return Promise.all(
    names.map(async (name) => {
      let report: string | null = null;
      for (const candidate of [`${name}.report.json`, `${name}.report.txt`]) {
        report ??= await readFile(join(dir, candidate), 'utf8')
          .then((s) => s.slice(0, 4000))
          .catch(() => null);
      }
      return { name, report };
    }),
  );
}
