// One incoming file, start to finish: public-source files go through their
// connector (ingest/connectors/), everything else straight through loadFile();
// then a refused file moves to quarantine/ beside `<name>.report.json`, an
// accepted or duplicate one to archive/ (with a report too when a connector
// skipped rows or made a choice: its notes), and ops.loads gets the report path.
// A failed load (disk full, warehouse error) leaves the file where it is so
// it can be retried; the previous data stays served. Used by the `ingest`
// command and the inbox job.
//
// Personal data: a file whose name holds an identifier is refused before it
// is read, and is known everywhere by a redacted name (pii/fileName.ts). A
// file refused for personal data is kept owner-only for a bounded time, or
// deleted at once, and its report says which (quarantine.ts).
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Warehouse } from '../warehouse/db.ts';
import type { DataPaths } from '../warehouse/paths.ts';
import { findConnector } from './connectors/index.ts';
import type { Connector, ConnectorNote } from './connectors/types.ts';
import { loadPublicFile } from './connectors/loadPublicFile.ts';
import { loadFile, type LoadOptions, type LoadResult, type LoadStatus } from './loadFile.ts';
import { placeWithoutOverwrite } from './move.ts';
import { fileNameMessage, fileNamePii, safeFileName } from './pii/fileName.ts';
import {
  deletedNote,
  keptNote,
  personalDataDir,
  quarantineHours,
  refusedForPersonalData,
  sweepQuarantine,
  type PersonalDataFile,
} from './quarantine.ts';
import { csvHeaderOf } from './readers/csvDialect.ts';
import { gunzipInto, gzipLimits, isGzipFile, type GzipLimits } from './readers/gzip.ts';
import { makeScratchDir, sweepScratchDirs } from './tempDirs.ts';
import { scanFile } from './readers/scan.ts';
import { buildReport, type LoadReport } from './report.ts';
import { recordAttempt } from './write.ts';

export interface IngestOptions extends LoadOptions {
  /** Read the file with this connector (`ingest --mapping`) instead of the one its header names. */
  connector?: Connector;
  /** Example locations per rule in the report (default 10). */
  maxExamples?: number;
  /** Leave the original where it is; archive/quarantine get a copy (CLI `--copy`). */
  keepOriginal?: boolean;
  /** Hours a file refused for personal data is kept (default: quarantineHours(), from the environment). */
  quarantineHours?: number;
  /** The time, for the retention of quarantined personal data (tests). */
  now?: () => Date;
  /** Gzip files: limits on what one may unpack to (default: OSSERVATORIO_GZIP_* settings, then built-in). */
  gzipLimits?: Partial<GzipLimits>;
}

export interface IngestResult extends LoadResult {
  /** The quarantine report, for refused files. */
  reportPath: string | null;
  /** Where the file went: archive/…, quarantine/…, or null when it stayed (failed, dry run). */
  movedTo: string | null;
  /** Connector name when a public-source file was split into feed files. */
  connector?: string;
  /** One result per feed file the connector wrote, in load order. */
  parts?: LoadResult[];
  /** What the connector skipped or decided (counts and row numbers, never values). */
  notes?: ConnectorNote[];
  /** Refused for personal data: what happened to the file itself. */
  personalData?: PersonalDataFile;
}

/** Status of a file split into parts: the worst part wins; all duplicates → duplicate. */
function combinedStatus(parts: LoadResult[]): LoadStatus {
  if (parts.some((p) => p.status === 'failed')) return 'failed';
  if (parts.some((p) => p.status === 'refused')) return 'refused';
  if (parts.length && parts.every((p) => p.status === 'duplicate')) return 'duplicate';
  return 'loaded';
}

async function loadThroughConnector(
  wh: Warehouse,
  path: string,
  options: IngestOptions,
): Promise<IngestResult | undefined> {
  if (options.feed) return undefined;
  const headers = options.connector ? undefined : await csvHeaderOf(path);
  const connector = options.connector ?? (headers && findConnector(path, headers));
  if (!connector) return undefined;
  const loaded = (await loadPublicFile(wh, path, { ...options, connector }))!;
  const parts: LoadResult[] = loaded.results.map(({ notes: _notes, ...r }) => r);
  const first = parts.find((p) => p.status !== 'loaded' && p.status !== 'duplicate') ?? parts[0];
  return {
    file: basename(path),
    feed:
      parts
        .map((p) => p.feed)
        .filter(Boolean)
        .join('+') || null,
    status: combinedStatus(parts),
    rows: parts.reduce((n, p) => n + p.rows, 0),
    loadId: first?.loadId ?? null,
    attemptId: first?.attemptId ?? null,
    checksum: loaded.checksum,
    errors: parts.flatMap((p) =>
      p.errors.map((e) => ({ ...e, message: `${p.feed ?? p.file}: ${e.message}` })),
    ),
    warnings: parts.flatMap((p) =>
      p.warnings.map((e) => ({ ...e, message: `${p.feed ?? p.file}: ${e.message}` })),
    ),
    notes: loaded.notes,
    format: first?.format ?? null,
    reportPath: null,
    movedTo: null,
    connector: connector.name,
    parts,
  };
}

/**
 * A file refused before any row is read, recorded in ops.loads under `name`:
 * a file whose name holds an identifier (under its redacted name), a
 * compressed file over a limit or damaged.
 */
async function refuseUnread(
  wh: Warehouse,
  file: string,
  name: string,
  error: LoadResult['errors'][number],
  options: IngestOptions,
): Promise<IngestResult> {
  const startedAt = new Date().toISOString();
  const result: IngestResult = {
    file: name,
    feed: null,
    status: 'refused',
    rows: 0,
    loadId: null,
    attemptId: null,
    checksum: '',
    errors: [error],
    warnings: [],
    format: null,
    reportPath: null,
    movedTo: null,
  };
  try {
    result.checksum = (await scanFile(file)).checksum;
  } catch {
    // Unreadable as well: the name alone is reason enough, and the record needs no checksum.
  }
  if (!options.dryRun) await recordAttempt(wh, result, options, startedAt);
  return result;
}

/**
 * Puts a file refused for personal data in the owner-only folder, or
 * deletes it when the retention is 0; returns where it went (null: deleted)
 * and what the report says about it.
 */
function quarantinePersonalData(
  paths: DataPaths,
  file: string,
  name: string,
  options: IngestOptions,
): { movedTo: string | null; reportName: string; note: PersonalDataFile } {
  const hours = options.quarantineHours ?? quarantineHours();
  const now = options.now?.() ?? new Date();
  const dest = placeWithoutOverwrite(
    file,
    personalDataDir(paths.quarantine),
    options.keepOriginal,
    {
      name,
      reportDir: paths.quarantine,
      // With --copy a link would share (and tighten) the sender's own file.
      copy: options.keepOriginal,
    },
  );
  chmodSync(dest, 0o600);
  const reportName = `${basename(dest)}.report.json`;
  if (hours === 0) {
    rmSync(dest, { force: true });
    return { movedTo: null, reportName, note: deletedNote(now.toISOString()) };
  }
  const deleteAfter = new Date(now.getTime() + hours * 3_600_000).toISOString();
  return { movedTo: dest, reportName, note: keptNote(deleteAfter) };
}

/** Loads a file as it is, or, gzip-compressed, the file inside it (readers/gzip.ts). */
async function loadUnpacked(wh: Warehouse, file: string, options: IngestOptions): Promise<IngestResult> {
  const load = async (path: string): Promise<IngestResult> =>
    (await loadThroughConnector(wh, path, options)) ?? { ...(await loadFile(wh, path, options)), reportPath: null, movedTo: null };
  if (!isGzipFile(file)) return load(file);
  sweepScratchDirs();
  const work = makeScratchDir('ingest');
  try {
    const unpacked = await gunzipInto(file, work, gzipLimits(options.gzipLimits));
    if (!unpacked.ok) return await refuseUnread(wh, file, basename(file), { rule: unpacked.rule, message: unpacked.message }, options);
    // Reported under the name it was sent with; the archive keeps it compressed.
    return { ...(await load(unpacked.path)), file: basename(file) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Loads `file` and files it away (see the module comment). Never throws for bad data. */
export async function ingestFile(
  wh: Warehouse,
  paths: DataPaths,
  file: string,
  options: IngestOptions,
): Promise<IngestResult> {
  if (!options.dryRun) sweepQuarantine(paths.quarantine, options.now?.());
  const nameKind = fileNamePii(basename(file));
  const result: IngestResult = nameKind
    ? await refuseUnread(wh, file, safeFileName(basename(file)), { rule: 'pii_file_name', kind: nameKind, message: fileNameMessage(nameKind) }, options)
    : await loadUnpacked(wh, file, options);
  if (options.dryRun || result.status === 'failed') return result;
  let reportPath: string | undefined;
  if (result.status === 'refused' && refusedForPersonalData(result)) {
    mkdirSync(paths.quarantine, { recursive: true });
    const placed = quarantinePersonalData(paths, file, result.file, options);
    result.movedTo = placed.movedTo;
    result.personalData = placed.note;
    reportPath = join(paths.quarantine, placed.reportName);
  } else if (result.status === 'refused') {
    mkdirSync(paths.quarantine, { recursive: true });
    result.movedTo = placeWithoutOverwrite(file, paths.quarantine, options.keepOriginal);
  } else {
    mkdirSync(paths.archive, { recursive: true });
    result.movedTo = placeWithoutOverwrite(file, paths.archive, options.keepOriginal);
  }
  // A refused file always gets its report; an accepted one when a connector skipped or decided something.
  if (result.status === 'refused' || result.notes?.length) {
    result.reportPath = reportPath ?? `${result.movedTo}.report.json`;
    const report: LoadReport & { personalData?: PersonalDataFile } = buildReport(
      result,
      options.maxExamples,
    );
    if (result.personalData) report.personalData = result.personalData;
    writeFileSync(result.reportPath, JSON.stringify(report, null, 2) + '\n');
    const ids = (result.parts ?? [result])
      .map((p) => p.attemptId)
      .filter((x): x is number => x != null);
    for (const id of ids)
      await wh.run(`update ops.loads set report_path = $1 where load_id = $2`, [
        result.reportPath,
        id,
      ]);
  }
  return result;
}
