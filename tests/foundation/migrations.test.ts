// Migrations: a fresh file gets every version, re-running changes nothing, and a
// file written by a newer version is refused with a clear message and left as it was.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Warehouse } from '../../warehouse/db.ts';
import { listMigrations, migrate, MigrationError } from '../../warehouse/migrate.ts';
import { tempDir } from '../helpers/warehouse.ts';
import { rmSync } from 'node:fs';
import { cli } from './cli.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function freshWarehouse(): Promise<{ wh: Warehouse; path: string }> {
  const dir = tempDir();
  dirs.push(dir);
  const path = join(dir, 'o.duckdb');
  return { wh: await Warehouse.open(path), path };
}

describe('migrations', () => {
  it('apply every version to a fresh file, with the four schemas', async () => {
    const { wh } = await freshWarehouse();
    try {
      const applied = await migrate(wh);
      expect(applied.map((m) => m.version)).toEqual(listMigrations().map((m) => m.version));
      const versions = await wh.rows<{ version: number }>(
        `select version from ops.schema_migrations order by version`,
      );
      expect(versions.map((v) => v.version)).toEqual(listMigrations().map((m) => m.version));
      const schemas = await wh.rows<{ s: string }>(
        `select schema_name s from information_schema.schemata where schema_name in ('ref','core','mart','ops') order by 1`,
      );
      expect(schemas.map((s) => s.s)).toEqual(['core', 'mart', 'ops', 'ref']);
    } finally {
      wh.close();
    }
  });

  it('re-running is a no-op', async () => {
    const { wh } = await freshWarehouse();
    try {
      await migrate(wh);
      const before = await wh.scalar<number>(`select count(*) from ops.schema_migrations`);
      const tables = await wh.scalar<number>(`select count(*) from information_schema.tables`);
      expect(await migrate(wh)).toEqual([]);
      expect(await wh.scalar<number>(`select count(*) from ops.schema_migrations`)).toBe(before);
      expect(await wh.scalar<number>(`select count(*) from information_schema.tables`)).toBe(
        tables,
      );
    } finally {
      wh.close();
    }
  });

  it('a database from a newer version is refused with a clear message and left unchanged', async () => {
    const { wh, path } = await freshWarehouse();
    await migrate(wh);
    await wh.run(
      `insert into ops.schema_migrations (version, name, applied_at) values (999, 'from_the_future', now())`,
    );
    const before = await wh.rows(
      `select version, name from ops.schema_migrations order by version`,
    );
    await expect(migrate(wh)).rejects.toThrow(MigrationError);
    await expect(migrate(wh)).rejects.toThrow(/schema version 999, newer than this copy/);
    expect(
      await wh.rows(`select version, name from ops.schema_migrations order by version`),
    ).toEqual(before);
    wh.close();

    // The CLI says the same and exits 2 (data refused).
    const r = cli('init', '--db', path, '--data-dir', join(path, '..', 'data'));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/schema version 999.*was not changed/);
    const again = await Warehouse.open(path, { readOnly: true });
    try {
      expect(
        await again.rows(`select version, name from ops.schema_migrations order by version`),
      ).toEqual(before);
      expect(await again.scalar<number>(`select count(*) from ref.comuni`)).toBe(0);
    } finally {
      again.close();
    }
  });
});
