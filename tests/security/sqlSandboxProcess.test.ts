// One analyst SQL sandbox process on a real snapshot file: the memory ceiling
// is enforced by killing the process, whatever allocates the memory (here the
// rows being converted for the answer, which DuckDB's own memory_limit does
// not see), and a killed process frees its memory at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentBytes, SqlSandboxProcess } from '../../warehouse/access/sqlSandboxProcess.ts';

describe('SQL sandbox process', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'osservatorio-sandbox-test-'));
    file = join(dir, 'snapshot.duckdb');
    const db = await DuckDBInstance.create(file);
    const c = await db.connect();
    await c.run(`create schema ref; create table ref.n as select range as n from range(10)`);
    c.closeSync();
    db.closeSync();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('kills the process past its memory ceiling and says so', async () => {
    const memoryMb = 256;
    const sandbox = await SqlSandboxProcess.start(file, 1, memoryMb);
    const pid = sandbox.pid!;
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, residentBytes(pid) ?? 0)), 5);
    try {
      expect(await sandbox.run('select sum(n) as s from ref.n', { timeoutMs: 20_000, memoryMb, rowCap: 10, maxResultBytes: 1_000 })).toEqual({
        columns: ['s'],
        rows: [{ s: 45 }],
        truncated: false,
      });
      // 200,000 rows of 1 kB, allowed by the row and byte caps: only the ceiling can stop it.
      const run = sandbox.run(`select repeat('x', 1000 + (range % 2)::int) as s from range(200000)`, {
        timeoutMs: 60_000,
        memoryMb,
        rowCap: 1_000_000,
        maxResultBytes: 1_000_000_000,
      });
      await expect(run).rejects.toThrow(/^SQL_MEMORY_LIMIT: .*256 MB/);
    } finally {
      clearInterval(sampler);
      sandbox.kill();
    }
    expect(sandbox.alive).toBe(false);
    // Sampled every 5 ms, so the last reading before the kill may fall just short of the ceiling.
    expect(peak).toBeGreaterThan(0.9 * memoryMb * 1024 * 1024);
    expect(peak).toBeLessThan(1.5 * memoryMb * 1024 * 1024);
    await new Promise((r) => setTimeout(r, 200));
    expect(residentBytes(pid)).toBeNull();
  });
});
