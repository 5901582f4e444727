// `osservatorio loads list | show <id> | revert <id>`: the load history
// (ops.loads) and undoing a load — its rows deleted, the rows it replaced put
// back, its ledger entry freed so the same file can be loaded again.
import type { Command } from 'commander';
import { print, withDataOptions, withWarehouse, type GlobalOptions } from '../context.ts';
import { CliError, EXIT, RefusedError, UsageError } from '../errors.ts';
import { WarehouseLockedError } from '../../warehouse/db.ts';
import { listLoads, LoadHistoryError, revertLoad, showLoad } from '../../ingest/history.ts';

const STATUSES = ['loaded', 'refused', 'duplicate', 'failed', 'reverted'];

function loadId(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0)
    throw new UsageError(`'${raw}' is not a load id; see 'osservatorio loads list'`);
  return id;
}

async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof LoadHistoryError)
      throw err.code === 'LOAD_NOT_FOUND'
        ? new UsageError(err.message)
        : new RefusedError(err.message);
    if (err instanceof WarehouseLockedError) throw new CliError(err.message, EXIT.internal);
    throw err;
  }
}

export function register(program: Command): void {
  const loads = program.command('loads').description('load history: list, show <id>, revert <id>');

  withDataOptions(
    loads
      .command('list')
      .description('most recent loads first')
      .option('--limit <n>', 'how many', '20')
      .option('--status <status>', `only loads with this status: ${STATUSES.join(', ')}`)
      .option('--feed <feed>', 'only loads of this feed')
      .option('--json', 'print JSON'),
  ).action(
    async (
      opts: GlobalOptions & { limit: string; status?: string; feed?: string; json?: boolean },
    ) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit <= 0)
        throw new UsageError(`--limit must be a positive integer`);
      if (opts.status && !STATUSES.includes(opts.status))
        throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
      await guard(() =>
        withWarehouse(opts, 'read', async (wh) => {
          const rows = await listLoads(wh, { limit, status: opts.status, feed: opts.feed });
          if (opts.json) return print(JSON.stringify(rows, null, 2));
          if (rows.length === 0) return print('no loads');
          for (const r of rows) {
            print(
              `${String(r.load_id).padStart(5)}  ${r.started_at.slice(0, 19).replace('T', ' ')}  ${r.status.padEnd(9)}  ${(r.feed ?? '?').padEnd(18)}  ${String(r.rows).padStart(8)} rows  ${r.file_name}`,
            );
          }
        }),
      );
    },
  );

  withDataOptions(
    loads
      .command('show <id>')
      .description('one load: counts, rows replaced, flags, report')
      .option('--json', 'print JSON'),
  ).action(async (raw: string, opts: GlobalOptions & { json?: boolean }) => {
    const id = loadId(raw);
    await guard(() =>
      withWarehouse(opts, 'write', async (wh) => {
        const d = await showLoad(wh, id);
        if (opts.json) return print(JSON.stringify(d, null, 2));
        print(`load ${d.load_id}: ${d.status}`);
        print(
          `  file:      ${d.file_name} (${d.format ?? '?'}, sha256 ${d.checksum.slice(0, 16)}…)`,
        );
        print(`  feed:      ${d.feed ?? '?'}   source: ${d.source}`);
        print(
          `  rows:      ${d.rows} in file, ${d.rows_current} current, ${d.rows_replaced_held} earlier rows replaced (kept for revert)`,
        );
        print(
          `  started:   ${d.started_at}   finished: ${d.finished_at ?? '-'}${d.reverted_at ? `   reverted: ${d.reverted_at}` : ''}`,
        );
        if (d.replaced_by_later.length)
          print(`  replaced by later load(s): ${d.replaced_by_later.join(', ')}`);
        for (const f of d.flags) print(`  flagged:   ${f.count} rows [${f.rule}]`);
        if (d.error) print(`  error:     ${d.error}`);
        if (d.warnings) print(`  warnings:  ${d.warnings}`);
        if (d.report_path) print(`  report:    ${d.report_path}`);
      }),
    );
  });

  withDataOptions(
    loads
      .command('revert <id>')
      .description(
        'restore the state before a load: delete its rows, put back the rows it replaced',
      )
      .option('--force', 'revert even if rows of other loads refer to rows this load brought'),
  ).action(async (raw: string, opts: GlobalOptions & { force?: boolean }) => {
    const id = loadId(raw);
    await guard(() =>
      withWarehouse(opts, 'write', async (wh) => {
        const r = await revertLoad(wh, id, { force: opts.force });
        print(
          `load ${r.loadId} (${r.feed}) reverted: ${r.deletedRows} rows removed, ${r.restoredRows} earlier rows restored; the file can be loaded again`,
        );
      }),
    );
  });
}
