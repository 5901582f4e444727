// `osservatorio start` (npm start) on an empty data dir: reference data, the
// embedded demo, marts and open data are prepared, then it serves in demo
// mode; a second start refuses while it runs; SIGTERM exits 0.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../warehouse/db.ts';
import { tempDir } from '../helpers/warehouse.ts';
import { cli, startServeProcess, type ServerProcess } from './helpers.ts';

const dataDir = tempDir('osservatorio-start-');
let server: ServerProcess | undefined;
afterAll(() => {
  if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('osservatorio start', () => {
  it('prepares the demo warehouse and serves it', async () => {
    server = await startServeProcess(dataDir, [], 'start', 240_000);
    const s = server;
    expect(s.stdout()).toMatch(/Refreshing the KPI marts/);
    expect(s.stdout()).toMatch(/\(demo mode\)/);
    const ready = await fetch(`${s.info.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(existsSync(join(dataDir, 'open-data', 'catalog.jsonld'))).toBe(true);

    const again = await cli(['start', '--port', '0', '--data-dir', dataDir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`pid ${s.child.pid}`);

    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    const wh = await Warehouse.open(join(dataDir, 'osservatorio.duckdb'), { readOnly: true });
    try {
      const sources = await wh.rows<{ source: string }>(
        `select distinct source from ops.loads where status = 'loaded'`,
      );
      expect(sources).toEqual([{ source: 'demo' }]);
      expect(await wh.scalar<number>(`select count(*) from core.placements`)).toBeGreaterThan(1000);
      // One refresh for the demo as loaded, one after the late placement that release 2 revises.
      expect(await wh.scalar<number>(`select count(*) from ops.mart_refreshes`)).toBe(2);
    } finally {
      wh.close();
    }
  }, 300_000);
});
