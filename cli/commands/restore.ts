// `osservatorio restore <dir>`: puts a backup (<data-dir>/backups/<timestamp>/)
// back as the warehouse. Imports into a fresh file and swaps it in only when
// complete; the previous file is kept beside it. Refuses while a server runs.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { dataPaths, print, withDataOptions, type GlobalOptions } from '../context.ts';
import { CliError, EXIT, RefusedError } from '../errors.ts';
import { Warehouse, WarehouseLockedError } from '../../warehouse/db.ts';
import { RestoreError, restoreDatabase } from '../../jobs/backup.ts';
import { readServerInfo } from '../../server/serverInfo.ts';

export function register(program: Command): void {
  withDataOptions(
    program
      .command('restore <dir>')
      .description('restore a backup directory (made by the backup job) as the warehouse'),
  ).action(async (dir: string, opts: GlobalOptions) => {
    const paths = dataPaths(opts);
    const info = readServerInfo(paths);
    if (info)
      throw new RefusedError(
        `The server (pid ${info.pid}, ${info.url}) is using ${info.db}. Stop it (Ctrl+C or SIGTERM), then restore.`,
      );
    if (existsSync(paths.db)) {
      // DuckDB's own lock: another process (CLI, script) may hold the file.
      try {
        (await Warehouse.open(paths.db)).close();
      } catch (err) {
        if (err instanceof WarehouseLockedError)
          throw new RefusedError(`${err.message} Stop it, then restore.`);
        throw err;
      }
    }
    try {
      const r = await restoreDatabase(dir, paths, { at: new Date() });
      print(`restored ${r.tables} tables into ${r.db}`);
      if (r.previous)
        print(`the previous warehouse is kept as ${r.previous} (delete it when you are satisfied)`);
    } catch (err) {
      if (err instanceof RestoreError) throw new CliError(err.message, EXIT.refused);
      throw err;
    }
  });
}
