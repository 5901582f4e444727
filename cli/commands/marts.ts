// `osservatorio marts refresh`: refreshes the KPI marts from core and ref in
// one transaction — only the slices the loads since the last refresh touched,
// or every mart with --full — and prints each table with its rows.
import type { Command } from 'commander';
import { dataPaths, print, withDataOptions, withWarehouse, type GlobalOptions } from '../context.ts';
import { ConfigError, loadJobsConfig } from '../../jobs/config.ts';
import { publishSnapshot } from '../../warehouse/snapshots/publish.ts';
import { CliError, EXIT, UsageError } from '../errors.ts';
import { WarehouseLockedError } from '../../warehouse/db.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { refreshMartsIncrementally, type IncrementalRefresh } from '../../warehouse/marts/incremental.ts';

export function register(program: Command): void {
  const marts = program.command('marts').description('KPI marts: refresh');
  withDataOptions(
    marts
      .command('refresh')
      .description(
        'refresh the marts from core and ref in one transaction (readers never see half a refresh): only what the loads since the last refresh touched, or everything with --full',
      )
      .option('--as-of <date>', 'data as-of date for right-censoring, YYYY-MM-DD (default: latest event date in the data)')
      .option('--full', 'rebuild every mart from scratch')
      .option('--json', 'print the result as JSON')
      .option('--snapshot', 'then publish a read-only snapshot for `serve --read-only` readers (<data-dir>/snapshots/)'),
  ).action(async (opts: GlobalOptions & { asOf?: string; full?: boolean; json?: boolean; snapshot?: boolean }) => {
    if (opts.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf))
      throw new UsageError(`--as-of must be a date YYYY-MM-DD, got '${opts.asOf}'`);
    try {
      const paths = dataPaths(opts);
      // Read before the refresh, so a broken configuration stops nothing half-way.
      const keep = opts.snapshot ? loadJobsConfig(paths.config).marts.snapshots.keep : undefined;
      await withWarehouse(opts, 'write', async (wh) => {
        const r: IncrementalRefresh = opts.full
          ? { ...(await refreshMarts(wh, { asOf: opts.asOf })), mode: 'full', reason: 'asked for (--full)' }
          : await refreshMartsIncrementally(wh, { asOf: opts.asOf });
        const snapshot = keep ? await publishSnapshot(wh, paths.snapshots, { keep }) : null;
        if (opts.json) return print(JSON.stringify(snapshot ? { ...r, snapshot } : r, null, 2));
        print(`Marts refreshed: version ${r.version}, data as of ${r.asOf}, ${r.ms} ms`);
        print(r.mode === 'full' ? `  every mart rebuilt: ${r.reason}` : '  incremental: only what the loads since the last refresh touched');
        const w = Math.max(...r.tables.map((t) => t.name.length));
        for (const t of r.tables)
          print(
            `  ${t.name.padEnd(w)}  ${String(t.rows).padStart(10)} rows  ${t.refreshed}${t.refreshed === 'slices' ? ` (${t.slices})` : t.refreshed === 'people' ? ` (${t.people})` : ''}`,
          );
        if (snapshot)
          print(`Snapshot published: ${snapshot.path} (${(snapshot.bytes / 1048576).toFixed(1)} MiB, ${snapshot.ms} ms)${snapshot.removed.length ? `; removed ${snapshot.removed.join(', ')}` : ''}`);
      });
    } catch (err) {
      if (err instanceof ConfigError) throw new UsageError(err.message);
      if (err instanceof WarehouseLockedError)
        throw new CliError(`${err.message} With the server running, use 'osservatorio jobs run marts'.`, EXIT.internal);
      throw err;
    }
  });
}
