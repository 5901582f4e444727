// One incoming file, start to finish: public-source files go through their
// connector (ingest/connectors/), everything else straight through loadFile();
// then a refused file moves to quarantine/ beside `<name>.report.json`, an
// accepted or duplicate one to archive/ (with a report too when a connector
// skipped rows or made a choice: its notes), and ops.loads gets the report path.
// A failed load (disk full, warehouse error) leaves the file where it is so
// it can be retried; the previous data stays served. Used by the `ingest`
// command and the inbox job.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Warehouse } from '../warehouse/db.ts';
import type { DataPaths } from '../warehouse/paths.ts';
import { findConnector } from './connectors/index.ts';
import type { ConnectorNote } from './connectors/types.ts';
import { loadPublicFile } from './connectors/loadPublicFile.ts';
import { loadFile, type LoadOptions, type LoadResult, type LoadStatus } from './loadFile.ts';
import { placeWithoutOverwrite } from './move.ts';
import { csvHeaderOf } from './readers/csvDialect.ts';
import { buildReport, type LoadReport } from './report.ts';

export interface IngestOptions extends LoadOptions {
  /** Example locations per rule in the report (default 10). */
  maxExamples?: number;
  /** Leave the original where it is; archive/quarantine get a copy (CLI `--copy`). */
  keepOriginal?: boolean;
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
  const headers = await csvHeaderOf(path);
  const connector = headers && findConnector(path, headers);
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

/** Loads `file` and files it away (see the module comment). Never throws for bad data. */
export async function ingestFile(
  wh: Warehouse,
  paths: DataPaths,
  file: string,
  options: IngestOptions,
): Promise<IngestResult> {
  const result: IngestResult = (await loadThroughConnector(wh, file, options)) ?? {
    ...(await loadFile(wh, file, options)),
    reportPath: null,
    movedTo: null,
  };
  if (options.dryRun || result.status === 'failed') return result;
  if (result.status === 'refused') {
    mkdirSync(paths.quarantine, { recursive: true });
    result.movedTo = placeWithoutOverwrite(file, paths.quarantine, options.keepOriginal);
  } else {
    mkdirSync(paths.archive, { recursive: true });
    result.movedTo = placeWithoutOverwrite(file, paths.archive, options.keepOriginal);
  }
  // A refused file always gets its report; an accepted one when a connector skipped or decided something.
  if (result.status === 'refused' || result.notes?.length) {
    result.reportPath = `${result.movedTo}.report.json`;
    const report: LoadReport = buildReport(result, options.maxExamples);
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
