// Backup → restore: EXPORT DATABASE to Parquet through the backup job, then
// `osservatorio restore` into the data dir; every table has the same row
// count and content checksum. Old backups are pruned to `keep`.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupDatabase, listBackups, restoreDatabase } from '../../jobs/backup.ts';
import { loadFile } from '../../ingest/loadFile.ts';
import { Warehouse, type Session } from '../../warehouse/db.ts';
import { sqlIdent } from '../../warehouse/sql.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { cli, employersCsv, placementsCsv, runnerFor } from './helpers.ts';

let t: TempWarehouse | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

/** Row count and an order-independent checksum of every table. */
async function fingerprint(db: Session): Promise<Record<string, string>> {
  const tables = await db.rows<{ schema_name: string; table_name: string }>(
    `select schema_name, table_name from duckdb_tables() where database_name = current_database() and not internal order by 1, 2`,
  );
  const out: Record<string, string> = {};
  for (const { schema_name, table_name } of tables) {
    const name = `${sqlIdent(schema_name)}.${sqlIdent(table_name)}`;
    const r = await db.one<{ n: number; h: string }>(
      `select count(*) as n, coalesce(sum(hash(fp_row)), 0)::VARCHAR as h from ${name} as fp_row`,
    );
    out[`${schema_name}.${table_name}`] = `${r!.n}:${r!.h}`;
  }
  return out;
}

describe('backup and restore', () => {
  it('restores identical row counts and checksums for every table', async () => {
    t = await tempWarehouse();
    const src = join(t.dir, 'src');
    mkdirSync(src);
    writeFileSync(join(src, 'employers_a.csv'), employersCsv(3));
    writeFileSync(join(src, 'placements_a.csv'), placementsCsv(500));
    for (const f of ['employers_a.csv', 'placements_a.csv'])
      expect((await loadFile(t.wh, join(src, f), { source: 'test' })).status).toBe('loaded');
    const { runner, paths } = runnerFor(t.wh, t.dir, { config: { jobs: { backup: { keep: 2 } } } });
    const report = await runner.run('backup', 'manual');
    expect(report.status).toBe('ok');
    const backups = listBackups(paths.backups);
    expect(backups).toHaveLength(1);
    expect(readdirSync(paths.backups).some((n) => n.startsWith('.tmp-'))).toBe(false);
    const before = await fingerprint(t.wh);
    expect(Number(before['core.placements'].split(':')[0])).toBe(500);
    // Changes after the backup must be gone after the restore.
    await t.wh.run(`delete from core.placements where placement_id < 'PL0000100'`);
    t.wh.close();

    const cmd = await cli([
      'restore',
      join(paths.backups, backups[0]),
      '--data-dir',
      t.dir,
      '--db',
      t.dbPath,
    ]);
    expect(cmd.stderr).toBe('');
    expect(cmd.code).toBe(0);
    expect(cmd.stdout).toMatch(/restored \d+ tables/);
    const previous = readdirSync(t.dir).filter((n) => n.includes('.before-restore-'));
    expect(previous.length).toBeGreaterThanOrEqual(1);
    const restored = await Warehouse.open(t.dbPath);
    try {
      const after = await fingerprint(restored);
      // Run history differs by design: the backup's own run was 'running' in the snapshot and is closed on restore.
      const data = (f: Record<string, string>) =>
        Object.fromEntries(Object.entries(f).filter(([k]) => !k.startsWith('ops.job_')));
      expect(Object.keys(after).length).toBeGreaterThan(20);
      expect(data(after)).toEqual(data(before));
      expect(await restored.scalar(`select count(*) from ops.job_locks`)).toBe(0);
      // Sequences continue after the restored ids, so new loads and runs do not collide.
      const maxLoad = (await restored.scalar<number>(`select max(load_id) from ops.loads`))!;
      expect((await restored.scalar<number>(`select nextval('ops.load_id_seq')`))!).toBeGreaterThan(
        maxLoad,
      );
      expect(
        (await restored.scalar<number>(`select nextval('ops.job_run_id_seq')`))!,
      ).toBeGreaterThan(1);
      expect(await restored.rows(`select job, status from ops.job_runs`)).toEqual([
        { job: 'backup', status: 'ok' },
      ]);
    } finally {
      restored.close();
    }
  }, 120_000);

  it('keeps the newest N backups and refuses a directory that is not a backup', async () => {
    t = await tempWarehouse({ reference: false });
    const backups = join(t.dir, 'backups');
    const made: string[] = [];
    for (let i = 0; i < 3; i++)
      made.push(
        (
          await backupDatabase(
            t.wh,
            { backups },
            { at: new Date(Date.UTC(2026, 0, 1 + i, 2, 30)), keep: 2 },
          )
        ).dir,
      );
    expect(listBackups(backups)).toEqual(['20260102T023000Z', '20260103T023000Z']);
    expect(existsSync(made[0])).toBe(false);
    const notBackup = join(t.dir, 'empty');
    mkdirSync(notBackup);
    await expect(
      restoreDatabase(notBackup, { db: join(t.dir, 'other.duckdb') }, { at: new Date() }),
    ).rejects.toThrow(/not a backup/);
    expect(existsSync(join(t.dir, 'other.duckdb'))).toBe(false);
    rmSync(notBackup, { recursive: true });
  });
});
