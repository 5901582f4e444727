// `osservatorio ingest <files or dirs…>`: loads each file through ingestFile()
// (connector or contract feed, all contract rules, PII guard, exactly once),
// prints feed, rows and status per file, and for refusals the first errors and
// the quarantine report. Exit 0 when every file loaded or was a duplicate, 2
// when any was refused, 3 when any failed.
//
// The files are the user's own: archive/ and quarantine/ get copies and the
// originals stay where they are, unless --move asks for the inbox's behaviour.
import { readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import {
  dataPaths,
  print,
  withDataOptions,
  withWarehouse,
  type GlobalOptions,
} from '../context.ts';
import { CliError, EXIT, UsageError } from '../errors.ts';
import { FEEDS, getFeed } from '../../ingest/feeds/index.ts';
import { findConnector } from '../../ingest/connectors/index.ts';
import type { Connector, ConnectorNote } from '../../ingest/connectors/types.ts';
import { connectorFromMappingFile } from '../../ingest/official/index.ts';
import { MappingInvalid } from '../../ingest/official/mapping.ts';
import { DiskSpaceConfigError, diskSpaceIssueIn, neededBytes } from '../../ingest/diskSpace.ts';
import { ingestFile, type IngestResult } from '../../ingest/ingestFile.ts';
import { csvHeaderOf } from '../../ingest/readers/csvDialect.ts';
import { xlsxLimits, XlsxLimitConfigError } from '../../ingest/readers/xlsxLimits.ts';
import { gzipLimits, GzipLimitConfigError } from '../../ingest/readers/gzip.ts';
import { WarehouseLockedError } from '../../warehouse/db.ts';
import { ensureShippedReference } from '../../warehouse/reference/loadReferenceData.ts';
import { describeIssue, feedFromFileName, feedFromHeader } from '../../ingest/loadFile.ts';
import { counted } from '../../ingest/connectors/issueList.ts';

/** The warehouse held by another process (the server): say what to do instead of a stack trace. */
export async function explainLocked<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof WarehouseLockedError) throw new CliError(err.message, EXIT.internal);
    throw err;
  }
}

interface IngestCliOptions extends GlobalOptions {
  feed?: string;
  mapping?: string;
  source: string;
  sheet?: string;
  dryRun?: boolean;
  move?: boolean;
}

/** Position of a file in feed dependency order (FEEDS order); public-source files first. */
async function loadOrder(file: string): Promise<number> {
  const byName = feedFromFileName(file);
  if (byName) return FEEDS.indexOf(byName);
  const headers = await csvHeaderOf(file);
  if (headers && findConnector(file, headers)) return -1;
  const byHeader = headers ? feedFromHeader(headers) : undefined;
  return byHeader ? FEEDS.indexOf(byHeader) : FEEDS.length;
}

/** Files named on the command line, directories expanded (top level, no hidden files or reports), in load order. */
export async function expandInputs(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const p = resolve(input);
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new UsageError(`${input}: no such file or directory`);
    }
    if (st.isDirectory()) {
      const inDir = readdirSync(p)
        .filter((n) => !n.startsWith('.') && !n.endsWith('.report.json'))
        .map((n) => join(p, n))
        .filter((f) => statSync(f).isFile());
      const ranked = await Promise.all(inDir.map(async (f) => ({ f, rank: await loadOrder(f) })));
      ranked.sort((a, b) => a.rank - b.rank || basename(a.f).localeCompare(basename(b.f)));
      files.push(...ranked.map((r) => r.f));
    } else files.push(p);
  }
  return files;
}

/** A connector note: what was skipped or decided, with the first rows of the public file (never a value). */
export function describeNote(n: ConnectorNote): string {
  const more = n.count > n.rows.length ? ', …' : '';
  const rows = n.rows.length ? ` (row${n.count > 1 ? 's' : ''} ${n.rows.join(', ')}${more})` : '';
  return `${n.message}${rows} [${n.rule}]`;
}

/**
 * Refuses the whole command when the disk cannot take the largest file's
 * load plus the copies kept in archive/: opening the warehouse already
 * writes (WAL replay, migrations, reference data), so on a full disk the
 * per-file check inside the load would come too late.
 */
async function checkDiskSpace(opts: IngestCliOptions, files: string[]): Promise<void> {
  const sizes = files.map((f) => statSync(f).size);
  let need: number;
  try {
    need = neededBytes(Math.max(0, ...sizes)) + (opts.move ? 0 : sizes.reduce((a, b) => a + b, 0));
  } catch (err) {
    if (err instanceof DiskSpaceConfigError) throw new UsageError(err.message);
    throw err;
  }
  const issue = await diskSpaceIssueIn([dirname(dataPaths(opts).db), tmpdir()], need);
  if (issue) throw new CliError(describeIssue(issue), EXIT.internal);
}

function printResult(r: IngestResult, dryRun: boolean, originalKept: boolean): void {
  const id =
    r.status === 'loaded' && !dryRun
      ? ` (load ${r.loadId})`
      : r.status === 'duplicate'
        ? ` (already loaded by load ${r.loadId})`
        : '';
  const status = dryRun && r.status === 'loaded' ? 'valid (dry run, nothing written)' : r.status;
  print(
    `${r.file}: feed ${r.feed ?? '?'}, ${counted(r.rows, 'rows')}, ${status}${id}${r.connector ? ` via ${r.connector}` : ''}`,
  );
  for (const p of r.parts ?? [])
    print(
      `  part ${p.file}: feed ${p.feed ?? '?'}, ${counted(p.rows, 'rows')}, ${p.status}${p.loadId ? ` (load ${p.loadId})` : ''}`,
    );
  for (const n of r.notes ?? []) print(`  note: ${describeNote(n)}`);
  for (const w of r.warnings.slice(0, 5)) print(`  warning: ${describeIssue(w)}`);
  for (const e of r.errors.slice(0, 5)) print(`  - ${describeIssue(e)}`);
  if (r.errors.length > 5) print(`  … and ${r.errors.length - 5} more`);
  if (r.movedTo && r.status !== 'refused') print(`  archived: ${r.movedTo}`);
  if (r.reportPath) print(`  report: ${r.reportPath}`);
  // The guard kept the data out of the warehouse, but the user's own file still holds it.
  if (r.personalData && originalKept)
    print(
      `  the original file still holds personal data: delete it yourself once you have sent it back for correction (${r.file})`,
    );
}

export function register(program: Command): void {
  withDataOptions(
    program
      .command('ingest <paths...>')
      .description(
        'load files (CSV, XLSX, JSONL, Parquet; gzip-compressed too, e.g. Eurostat .tsv.gz) or directories of files into the warehouse; a copy of each file goes to archive/, or to quarantine/ with a report when refused, and the original stays where it is. ' +
          'Row numbers in messages: row 1 is the header, row N the (N-1)th data record (a line break inside quotes does not start a row).',
      )
      .option(
        '--feed <feed>',
        `contract feed of every file (default: from the file name prefix or the header): ${FEEDS.map((f) => f.name).join(', ')}`,
      )
      .option(
        '--mapping <file>',
        'publication mapping (YAML, see docs/official-data.md) to read every file with, for a public publication the observatory does not ship a mapping for',
      )
      .option(
        '--source <source>',
        'who sent the files (agency code), recorded with each load',
        'manual',
      )
      .option('--sheet <name>', 'XLSX: sheet to read (default: the first)')
      .option('--dry-run', 'check the files against the contract without loading or moving them')
      .option('--move', 'move the files into archive/ or quarantine/ instead of copying them')
      // Copying is the default now; the old flag stays accepted so scripts keep working.
      .addOption(new Option('--copy').hideHelp()),
  ).action(async (inputs: string[], opts: IngestCliOptions) => {
    if (opts.feed && !getFeed(opts.feed))
      throw new UsageError(
        `unknown feed '${opts.feed}'; known feeds: ${FEEDS.map((f) => f.name).join(', ')}`,
      );
    if (opts.feed && opts.mapping)
      throw new UsageError(
        'give --feed or --mapping, not both: a file is a contract feed or a publication',
      );
    let connector: Connector | undefined;
    try {
      connector = opts.mapping ? connectorFromMappingFile(opts.mapping) : undefined;
    } catch (err) {
      if (err instanceof MappingInvalid) throw new UsageError(err.message);
      throw err;
    }
    const files = await expandInputs(inputs);
    if (files.length === 0) throw new UsageError('no files to load');
    // A mistyped XLSX or gzip limit is a usage error up front, not a failure of every file.
    try {
      xlsxLimits();
      gzipLimits();
    } catch (err) {
      if (err instanceof XlsxLimitConfigError || err instanceof GzipLimitConfigError) throw new UsageError(err.message);
      throw err;
    }
    if (!opts.dryRun) await checkDiskSpace(opts, files);
    const statuses: string[] = [];
    await explainLocked(() =>
      withWarehouse(opts, 'write', async (wh, paths) => {
        // Codes are checked against ref.*: a warehouse never initialised, or initialised by an older
        // version, gets the shipped reference data first.
        await ensureShippedReference(wh);
        for (const file of files) {
          const r = await ingestFile(wh, paths, file, {
            feed: opts.feed,
            connector,
            source: opts.source,
            sheet: opts.sheet,
            dryRun: opts.dryRun,
            keepOriginal: !opts.move,
            onStage: (stage, d) =>
              process.stderr.write(
                `${basename(file)}: ${stage}${d.rows != null ? ` ${d.rows} rows` : ''}…\n`,
              ),
          });
          printResult(r, Boolean(opts.dryRun), !opts.move);
          statuses.push(r.status);
        }
      }),
    );
    const failed = statuses.filter((s) => s === 'failed').length;
    const refused = statuses.filter((s) => s === 'refused').length;
    if (failed)
      throw new CliError(
        `${failed} of ${statuses.length} file(s) failed to load; nothing of them was written — see the messages above`,
        EXIT.internal,
      );
    if (refused)
      throw new CliError(
        `${refused} of ${statuses.length} file(s) refused; fix them as the reports say and send them again`,
        EXIT.refused,
      );
  });
}
