// A full disk is found before a load starts and reported as `disk_space`
// with what to free — never as DuckDB's raw "No space left on device" — and
// nothing of the file is loaded. The free-space probe is injected (a full
// disk without root or a tiny file system); the command line is given the
// required free space through its environment setting.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOutOfSpace } from '../../ingest/diskSpace.ts';
import { loadFile } from '../../ingest/loadFile.ts';
import { scanFile } from '../../ingest/readers/scan.ts';
import { tempDir } from '../helpers/warehouse.ts';
import * as d from './data.ts';
import { useSeededWarehouse } from './setup.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('disk space', () => {
  const w = useSeededWarehouse();

  it('a full disk refuses the load up front with disk_space, and nothing is loaded', async () => {
    const t = w.get();
    const file = d.write(
      t.dir,
      'placements_full_disk.csv',
      d.csv(d.PLACEMENT_HEADER, d.placementRows(3)),
    );
    const before = await t.wh.scalar<number>('select count(*) from core.placements');
    const probed: string[] = [];
    const r = await loadFile(t.wh, file, {
      source: 'test',
      today: d.TODAY,
      freeSpace: async (dir) => {
        probed.push(dir);
        return 0;
      },
    });
    expect(r.status).toBe('failed');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].rule).toBe('disk_space');
    expect(r.errors[0].message).toMatch(
      /0 MiB free, \d+ MiB needed.*nothing was loaded — free some space/,
    );
    expect(probed.length).toBeGreaterThan(0);
    expect(await t.wh.scalar<number>('select count(*) from core.placements')).toBe(before);
    const { checksum } = await scanFile(file);
    expect(
      await t.wh.scalar<number>('select count(*) from ops.file_ledger where checksum = $1', [
        checksum,
      ]),
    ).toBe(0);
    // With room, the same file loads.
    const ok = await loadFile(t.wh, file, { source: 'test', today: d.TODAY });
    expect(ok.status).toBe('loaded');
  });

  it('recognises DuckDB and Node out-of-space errors', () => {
    expect(
      isOutOfSpace(
        new Error('IO Error: Could not write file "/x/db.wal": No space left on device'),
      ),
    ).toBe(true);
    expect(isOutOfSpace(Object.assign(new Error('write failed'), { code: 'ENOSPC' }))).toBe(true);
    expect(isOutOfSpace(new Error('Conversion Error: could not convert string'))).toBe(false);
  });
});

describe('osservatorio ingest on a full disk', () => {
  let dir: string;
  beforeAll(() => (dir = tempDir()));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 3 with the disk_space refusal before opening the warehouse', () => {
    const dataDir = join(dir, 'data');
    const file = d.write(dir, 'employers_full.csv', d.csv(d.EMPLOYER_HEADER, d.employerRows(2)));
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'cli', 'osservatorio.js'), 'ingest', file, '--data-dir', dataDir],
      {
        encoding: 'utf8',
        cwd: ROOT,
        // More free space than any disk has: the check sees a full disk.
        env: { ...process.env, OSSERVATORIO_INGEST_MIN_FREE_MB: String(2 ** 40) },
      },
    );
    expect(r.status, r.stdout + r.stderr).toBe(3);
    expect(r.stderr).toMatch(
      /not enough free disk space in .*nothing was loaded — free some space.*\[disk_space\]/,
    );
    expect(r.stderr).not.toMatch(/No space left on device/);
    expect(existsSync(file)).toBe(true);
    expect(existsSync(join(dataDir, 'osservatorio.duckdb'))).toBe(false);
    expect(
      existsSync(join(dataDir, 'archive')) ? readdirSync(join(dataDir, 'archive')) : [],
    ).toEqual([]);
  });

  it('refuses a malformed OSSERVATORIO_INGEST_MIN_FREE_MB as a usage error', () => {
    const file = d.write(dir, 'employers_cfg.csv', d.csv(d.EMPLOYER_HEADER, d.employerRows(2)));
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'cli', 'osservatorio.js'), 'ingest', file, '--data-dir', join(dir, 'data2')],
      {
        encoding: 'utf8',
        cwd: ROOT,
        env: { ...process.env, OSSERVATORIO_INGEST_MIN_FREE_MB: 'lots' },
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/OSSERVATORIO_INGEST_MIN_FREE_MB must be a number of MiB/);
  });
});
