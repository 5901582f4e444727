// The single load path: every file, from the CLI, the demo, the inbox job or a
// connector, goes through loadFile(). Scan the bytes once (checksum, encoding)
// → skip a duplicate → open with DuckDB's readers → header rules → write in one
// transaction with the ledger entry and the rows it replaces, or refuse and
// change nothing. A clean file is written directly (direct.ts: reader → core,
// checked in place); anything else is staged (staged.ts: reader → temp table,
// checked and reported with rows and columns → core).
import { basename } from 'node:path';
import type { Session } from '../warehouse/db.ts';
import { sqlIdent } from '../warehouse/sql.ts';
import type { FeedDefinition, FeedName } from './feeds/feedDefinition.ts';
import { FEEDS, getFeed } from './feeds/index.ts';
import { canLoadDirect, DirectDeclined, writeDirect } from './direct.ts';
import { diskSpaceIssue, isOutOfSpace, outOfSpaceIssue } from './diskSpace.ts';
import { feedFromFileName, feedFromHeader, headerIssues, mapHeaders } from './headers.ts';
import { ensureHistoryTable } from './history.ts';
import { formatIssues } from './issues.ts';
import type { Lap, LoadOptions, LoadResult, Opened, Prepared } from './loadTypes.ts';
import { normaliseHeader } from './pii/normalise.ts';
import { openSource } from './readers/index.ts';
import { scanFile } from './readers/scan.ts';
import { stageLoad, writeStaged } from './staged.ts';
import { DUCKDB_TYPES } from './types.ts';
import type { Issue } from './validate.ts';
import { withTableLocks } from './writeLock.ts';
import { explainWriteFailure, recordAttempt, writeFeedTransaction } from './write.ts';

export type { LoadOptions, LoadResult, LoadStatus } from './loadTypes.ts';
export { describeIssue, formatIssues } from './issues.ts';

/** A refusal that the caller reports; carries every issue found. */
export class LoadRefused extends Error {
  readonly code = 'LOAD_REFUSED';
  constructor(readonly result: LoadResult) {
    super(formatIssues(result));
  }
}

export async function sha256File(path: string): Promise<string> {
  return (await scanFile(path)).checksum;
}

export { feedFromFileName, feedFromHeader, mapHeaders, normaliseHeader };

/** Step timings on stderr when OSSERVATORIO_INGEST_TIMING=1 (for benchmarking; names of steps only). */
function stepTimer(): Lap {
  if (process.env.OSSERVATORIO_INGEST_TIMING !== '1') return () => undefined;
  let last = performance.now();
  return (step) => {
    const now = performance.now();
    process.stderr.write(`ingest timing: ${step} ${(now - last).toFixed(0)} ms\n`);
    last = now;
  };
}

/** Loads one file. Never throws for bad data: the result says refused, with issues. */
export async function loadFile(
  wh: Session,
  path: string,
  options: LoadOptions,
): Promise<LoadResult> {
  const lap = stepTimer();
  const cleanups: (() => Promise<void>)[] = [];
  let prepared: Prepared | undefined;
  let opened: Opened | Prepared | undefined;
  try {
    opened = await openLoad(wh, path, options, cleanups, lap);
    if ('ready' in opened) prepared = opened;
    else if (await tryDirect(wh, opened, options, lap)) return opened.result;
    else prepared = await stageLoad(wh, opened, options, cleanups, lap);
    if (prepared.ready) {
      const p = prepared;
      options.onStage?.('writing', { rows: p.result.rows });
      try {
        await writeFeedTransaction(wh, p.feed, (tx) => writeStaged(tx, p, options, lap));
      } catch (err) {
        await explainWriteFailure(wh, p.result, err);
      }
      lap('write transaction');
    }
  } catch (err) {
    // A disk that fills up while reading or staging: whatever was written is
    // in a transaction or a temp table, so nothing of the file is loaded.
    if (!isOutOfSpace(err)) throw err;
    prepared = outOfSpace(path, prepared ?? opened);
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  }
  if (!options.dryRun && prepared.result.status !== 'loaded') {
    try {
      await recordAttempt(wh, prepared.result, options, prepared.startedAt);
    } catch (err) {
      // With the disk full even the record of the attempt cannot be written; the result says why.
      if (!isOutOfSpace(err)) throw err;
    }
  }
  return prepared.result;
}

/** The failed result of a load that ran out of disk space. */
function outOfSpace(path: string, prepared: Opened | Prepared | undefined): Prepared {
  const result: LoadResult = {
    file: basename(path),
    feed: prepared?.result.feed ?? null,
    status: 'failed',
    rows: 0,
    loadId: null,
    attemptId: null,
    checksum: prepared?.result.checksum ?? '',
    errors: [outOfSpaceIssue()],
    warnings: [],
    format: prepared?.result.format ?? null,
    encoding: prepared?.result.encoding ?? null,
  };
  return { ready: false, result, startedAt: prepared?.startedAt ?? new Date().toISOString() };
}

/**
 * The direct write of a clean file (direct.ts), committed; false when it was
 * declined or failed and rolled back (the staged path then loads or reports
 * the file, so a failure here is never the final word).
 */
async function tryDirect(
  wh: Session,
  opened: Opened,
  options: LoadOptions,
  lap: Lap,
): Promise<boolean> {
  if (options.direct === false || !canLoadDirect(opened, options)) return false;
  options.onStage?.('writing', {});
  try {
    await writeFeedTransaction(wh, opened.feed!, (tx) => writeDirect(tx, opened, options, lap));
    lap('direct: commit');
    return true;
  } catch (err) {
    // Staging the same file on a full disk would only fail again, slower.
    if (isOutOfSpace(err)) throw err;
    // Rolled back: nothing of the attempt stays, whatever went wrong.
    const r = opened.result;
    Object.assign(r, { status: 'refused', rows: 0, loadId: null, attemptId: null });
    r.replacedRows = undefined;
    r.flaggedRows = undefined;
    r.writtenBy = undefined;
    if (!(err instanceof DirectDeclined)) lap('direct: failed, staging');
    else lap('direct: declined, staging');
    return false;
  }
}

/** A part of a file loaded with others (loadFilesTogether). */
export interface FilePart {
  file: string;
  feed: FeedName | string;
  /** Columns of this part that its public-source mapping declares public (LoadOptions.publicColumns). */
  publicColumns?: readonly string[];
}

/** Thrown inside the group transaction to roll every part back. */
class PartNotLoaded extends Error {
  constructor(readonly part: number) {
    super('part not loaded');
  }
}

/**
 * Loads several files as one: every part is staged, checked and written in a
 * single transaction, in the order given (a part may refer to rows of an
 * earlier one), so either all parts are loaded or none is. Used for a public
 * file that a connector splits into feed files. A part that is refused or
 * fails rolls back the parts before it: those are recorded as refused with the
 * rule `part_rolled_back`, so the ledger, ops.loads and the core tables never
 * hold half a file. A part whose bytes were already loaded is a duplicate and
 * changes nothing. A dry run writes every part and then rolls back, so
 * references between parts are checked as in a real load.
 */
export async function loadFilesTogether(
  wh: Session,
  parts: FilePart[],
  options: Omit<LoadOptions, 'feed'>,
): Promise<LoadResult[]> {
  const lap = stepTimer();
  const cleanups: (() => Promise<void>)[] = [];
  const done: Prepared[] = [];
  for (const p of parts) {
    const feed = getFeed(p.feed);
    if (feed) await ensureHistoryTable(wh, feed);
  }
  const writeOptions = { ...options, dryRun: false };
  let failure: unknown;
  let current = -1;
  const tables = parts.map((p) => getFeed(p.feed)?.table).filter((t) => t !== undefined);
  try {
    await withTableLocks(tables, () =>
      wh.transaction(async (tx) => {
        for (const [i, part] of parts.entries()) {
          current = i;
          const p = await prepareLoad(
            tx,
            part.file,
            { ...writeOptions, feed: part.feed, publicColumns: part.publicColumns },
            cleanups,
            lap,
          );
          done.push(p);
          if (!p.ready) {
            if (p.result.status === 'duplicate') continue;
            throw new PartNotLoaded(i);
          }
          options.onStage?.('writing', { rows: p.result.rows });
          await writeStaged(tx, p, writeOptions, lap);
        }
        // A dry run has checked every part against the others: undo it all.
        if (options.dryRun) throw new PartNotLoaded(-1);
      }),
    );
  } catch (err) {
    failure = err;
  } finally {
    // After COMMIT or ROLLBACK: temp tables made inside a rolled-back transaction are gone already.
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  }
  if (failure instanceof PartNotLoaded && failure.part === -1) {
    for (const p of done) {
      if (p.result.status === 'loaded') {
        p.result.loadId = null;
        p.result.attemptId = null;
      }
    }
    return done.map((p) => p.result);
  }
  if (failure instanceof PartNotLoaded) {
    const culprit = done[failure.part];
    const reason = `the ${culprit.result.feed ?? culprit.result.file} part of the same file was ${culprit.result.status}`;
    for (const p of done) {
      if (p === culprit || p.result.status !== 'loaded') continue;
      // Written, then rolled back with the rest of the file.
      p.result.status = 'refused';
      p.result.loadId = null;
      p.result.attemptId = null;
      p.result.replacedRows = 0;
      p.result.flaggedRows = 0;
      p.result.errors.push({
        rule: 'part_rolled_back',
        message: `not loaded: ${reason}, and a file loads whole or not at all; fix that part and send the file again`,
      });
    }
  } else if (failure !== undefined) {
    if (current >= 0 && done.length <= current) {
      // The warehouse failed while this part was being read or checked.
      const part = parts[current];
      done.push({
        ready: false,
        startedAt: new Date().toISOString(),
        result: {
          file: basename(part.file),
          feed: getFeed(part.feed)?.name ?? null,
          status: 'loaded',
          rows: 0,
          loadId: null,
          checksum: '',
          errors: [],
          warnings: [],
        },
      });
    }
    // Nothing committed: each written part is a duplicate if the same bytes were committed meanwhile, else failed.
    for (const p of done)
      if (p.result.status === 'loaded') await explainWriteFailure(wh, p.result, failure);
  }
  if (!options.dryRun)
    for (const p of done)
      if (p.result.status !== 'loaded') await recordAttempt(wh, p.result, options, p.startedAt);
  return done.map((p) => p.result);
}

/**
 * Everything before the write: scan the bytes, skip a duplicate, read the file
 * into a staged table, header rules, PII guard, contract rules. Writes nothing
 * (attempts are recorded by the caller); `cleanups` gets what drops the staged
 * table once the caller is done with it.
 */
async function prepareLoad(
  wh: Session,
  path: string,
  options: LoadOptions,
  cleanups: (() => Promise<void>)[],
  lap: Lap,
): Promise<Prepared> {
  const opened = await openLoad(wh, path, options, cleanups, lap);
  return 'ready' in opened ? opened : stageLoad(wh, opened, options, cleanups, lap);
}

/**
 * Scan the bytes, skip a duplicate, check free space, open the file with
 * DuckDB's readers, tell the feed, check the header. Returns the final result
 * when there is nothing more to do.
 */
async function openLoad(
  wh: Session,
  path: string,
  options: LoadOptions,
  cleanups: (() => Promise<void>)[],
  lap: Lap,
): Promise<Opened | Prepared> {
  const file = basename(path);
  let scan: Awaited<ReturnType<typeof scanFile>>;
  const startedAt = new Date().toISOString();
  try {
    scan = await scanFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const failed: LoadResult = {
      file,
      feed: null,
      status: 'failed',
      rows: 0,
      loadId: null,
      checksum: '',
      errors: [],
      warnings: [],
      attemptId: null,
      format: null,
      encoding: null,
    };
    failed.errors.push({
      rule: 'file_unreadable',
      message: `the file cannot be opened (${code}): check that it exists and that the observatory may read it`,
    });
    return { ready: false, result: failed, startedAt };
  }
  lap('scan bytes (checksum, encoding)');
  const result: LoadResult = {
    file,
    feed: null,
    status: 'refused',
    rows: 0,
    loadId: null,
    checksum: scan.checksum,
    errors: [],
    warnings: [],
    attemptId: null,
    format: null,
    encoding: null,
  };
  const refused = (): Prepared => {
    result.status = result.errors.length ? 'refused' : 'loaded';
    return { ready: false, result, startedAt };
  };

  const seen = await wh.one<{ load_id: number; feed: string | null }>(
    `select load_id, feed from ops.file_ledger where checksum = $1`,
    [scan.checksum],
  );
  if (seen) {
    result.status = 'duplicate';
    result.loadId = seen.load_id;
    // The feed the same bytes were loaded into, so the load history says what the skipped file was.
    result.feed = seen.feed;
    return { ready: false, result, startedAt };
  }
  if (!options.dryRun) {
    const disk = await diskSpaceIssue(wh, scan.bytes, options.minFreeBytes, options.freeSpace);
    if (disk) {
      result.status = 'failed';
      result.errors.push(disk);
      return { ready: false, result, startedAt };
    }
  }

  options.onStage?.('reading', {});
  const opened = await openSource(wh, path, scan, {
    sheet: options.sheet,
    xlsxLimits: options.xlsxLimits,
  });
  if (!opened.ok) {
    result.format = opened.format;
    result.errors.push(opened.issue);
    return refused();
  }
  const source = opened.source;
  result.format = source.format;
  result.encoding = source.encoding ?? null;
  cleanups.push(async () => {
    source.cleanup();
    if (source.rejectsTable) await wh.run(`drop table if exists ${sqlIdent(source.rejectsTable)}`);
  });
  const headers = source.columns.map((c) => c.header);
  let feed: FeedDefinition | undefined;
  if (options.feed) {
    feed = getFeed(options.feed);
    if (!feed) {
      result.errors.push({
        rule: 'unknown_feed',
        message: `unknown feed '${options.feed}'; known feeds: ${FEEDS.map((f) => f.name).join(', ')}`,
      });
      return refused();
    }
  } else feed = feedFromFileName(path) ?? feedFromHeader(headers);
  result.feed = feed?.name ?? null;
  if (!feed) {
    result.errors.push({
      rule: 'unknown_feed',
      message:
        'cannot tell which feed this file is: name it with --feed or a file-name prefix (e.g. vacancies_2025-06.csv)',
    });
  }
  const header = headerIssues(feed, headers);
  result.errors.push(...header.errors);
  return {
    path,
    result,
    startedAt,
    source,
    feed,
    mapping: header.mapping,
    headerOk: feed !== undefined && header.errors.length === 0,
    publicColumns: options.publicColumns ? new Set(options.publicColumns) : undefined,
  };
}

export { DUCKDB_TYPES, getFeed };
export type { Issue };
