// The inbox: <data-dir>/inbox/<source>/<file>. A file is taken when it has a
// `<name>.ready` marker, or when its size and mtime are the same at two looks
// `settleSeconds` apart (the sender has stopped writing). Each file goes
// through ingestFile (the one path: load, then archive or quarantine with a
// report); the source is the sub-folder name. Loads are exactly-once thanks
// to the file ledger, so an interrupted run simply redoes the same files.
// File names reach log lines and results only through safeFileName(): a name
// holding an identifier is shown redacted. Each run first deletes quarantined
// personal data whose retention is over (ingest/quarantine.ts).
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ingestFile, type IngestResult } from '../ingest/ingestFile.ts';
import { safeFileName } from '../ingest/pii/fileName.ts';
import { sweepQuarantine } from '../ingest/quarantine.ts';
import type { Warehouse } from '../warehouse/db.ts';
import type { DataPaths } from '../warehouse/paths.ts';
import type { Clock } from '../runtime/clock.ts';

export const READY_SUFFIX = '.ready';
// Names a sender uses while still writing, and our own side files.
const IGNORED = /^\.|~$|\.(part|partial|tmp|crdownload|ready|report\.json)$/i;
const SOURCE_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export interface InboxCandidate {
  source: string;
  path: string;
  name: string;
  marked: boolean;
}

interface Look {
  size: number;
  mtimeMs: number;
}

function look(path: string): Look | undefined {
  try {
    const s = statSync(path);
    return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

/** Files waiting in the inbox, by source folder (sorted, so loads are in a stable order). */
export function listInbox(inbox: string, logger?: Logger): InboxCandidate[] {
  if (!existsSync(inbox)) return [];
  const out: InboxCandidate[] = [];
  for (const entry of readdirSync(inbox, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (!entry.isDirectory()) {
      if (!IGNORED.test(entry.name))
        logger?.warn(
          { code: 'INBOX_FILE_WITHOUT_SOURCE', file: safeFileName(entry.name) },
          'file directly in the inbox is ignored: put it in inbox/<source>/',
        );
      continue;
    }
    if (!SOURCE_RE.test(entry.name)) continue;
    const dir = join(inbox, entry.name);
    for (const f of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (!f.isFile() || IGNORED.test(f.name)) continue;
      const path = join(dir, f.name);
      out.push({ source: entry.name, path, name: f.name, marked: existsSync(path + READY_SUFFIX) });
    }
  }
  return out;
}

/** Candidates that are complete: marked ready, or unchanged across two looks. */
export async function settledFiles(
  inbox: string,
  settleMs: number,
  clock: Clock,
  logger?: Logger,
): Promise<InboxCandidate[]> {
  const first = listInbox(inbox, logger);
  const unmarked = first.filter((c) => !c.marked);
  const before = new Map(unmarked.map((c) => [c.path, look(c.path)]));
  if (unmarked.length && settleMs > 0) await clock.sleep(settleMs);
  return first.filter((c) => {
    if (c.marked) return true;
    const a = before.get(c.path);
    const b = look(c.path);
    return (
      a !== undefined &&
      b !== undefined &&
      a.size === b.size &&
      a.mtimeMs === b.mtimeMs &&
      b.size > 0
    );
  });
}

export interface InboxRunResult {
  files: {
    source: string;
    file: string;
    status: IngestResult['status'];
    rows: number;
    loadId: number | null;
    movedTo: string | null;
  }[];
  loaded: number;
  rows: number;
  refused: number;
  failed: number;
}

export class InboxLoadFailed extends Error {
  readonly code = 'INBOX_LOAD_FAILED';
}

/** Loads every settled file; a file that failed (not refused) stays for the retry. */
export async function runInbox(
  wh: Warehouse,
  paths: DataPaths,
  options: { settleMs: number; clock: Clock; logger: Logger; shouldStop?: () => boolean },
): Promise<InboxRunResult> {
  const swept = sweepQuarantine(paths.quarantine, options.clock.now());
  if (swept)
    options.logger.info(
      { code: 'QUARANTINE_SWEPT', files: swept },
      `quarantine: ${swept} file(s) refused for personal data deleted at the end of their retention`,
    );
  const ready = await settledFiles(paths.inbox, options.settleMs, options.clock, options.logger);
  const result: InboxRunResult = { files: [], loaded: 0, rows: 0, refused: 0, failed: 0 };
  for (const c of ready) {
    if (options.shouldStop?.()) break;
    const r = await ingestFile(wh, paths, c.path, {
      source: c.source,
      now: () => options.clock.now(),
    });
    if (r.status !== 'failed') rmSync(c.path + READY_SUFFIX, { force: true });
    const name = safeFileName(c.name);
    result.files.push({
      source: c.source,
      file: name,
      status: r.status,
      rows: r.rows,
      loadId: r.loadId ?? null,
      movedTo: r.movedTo,
    });
    if (r.status === 'loaded') {
      result.loaded++;
      result.rows += r.rows;
    } else if (r.status === 'refused') result.refused++;
    else if (r.status === 'failed') result.failed++;
    // One line per file: names, counts, rule codes; never a cell value.
    options.logger.info(
      {
        code: 'INBOX_FILE',
        source: c.source,
        file: name,
        feed: r.feed,
        status: r.status,
        rows: r.rows,
        loadId: r.loadId ?? null,
        report: r.reportPath,
      },
      `inbox: ${c.source}/${name} ${r.status}`,
    );
  }
  if (result.failed) {
    const names = result.files
      .filter((f) => f.status === 'failed')
      .map((f) => `${f.source}/${f.file}`);
    const err = new InboxLoadFailed(
      `${result.failed} file(s) could not be loaded and stay in the inbox for the retry: ${names.join(', ')}`,
    );
    Object.assign(err, { partial: result });
    throw err;
  }
  return result;
}
