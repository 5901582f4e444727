// The inbox loop seen through the data API: a placements file dropped in the
// inbox and loaded by the inbox job (asked over HTTP, as `jobs run inbox`
// does) refreshes the marts, and the KPI answered by GET /api/kpi/PL_QUAL
// changes accordingly for a logged-in analyst.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/serve.ts';
import { silentLogger } from '../../runtime/log.ts';
import type { RunReport } from '../../jobs/runner.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import { tempDir } from '../helpers/warehouse.ts';
import { dropInInbox, employersCsv, placementsCsv } from './helpers.ts';

const dir = tempDir('osservatorio-kpi-http-');
let server: RunningServer | undefined;
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('inbox → marts → KPI over HTTP', () => {
  it('a dropped placements file changes PL_QUAL as served by /api/kpi', async () => {
    server = await startServer({
      paths: resolveDataPaths({ dataDir: dir }),
      port: 0,
      demo: true,
      logger: silentLogger,
      scheduler: false,
      svelteHandler: null,
    });
    const base = server.url;
    const token = server.info.token;
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo-analyst', password: 'demo-analyst-password' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const runInbox = async () => {
      const res = await fetch(`${base}/api/jobs/inbox/run`, {
        method: 'POST',
        headers: { 'x-osservatorio-operator-token': token },
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { run: RunReport }).run;
    };
    const placementsKpi = async () => {
      const res = await fetch(`${base}/api/kpi/PL_QUAL?format=json`, { headers: { cookie } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { rows: { placements: number }[] }).rows[0].placements;
    };

    dropInInbox(dir, 'agency1', 'employers_1.csv', employersCsv(3));
    const first = await runInbox();
    expect(first.followUps.map((f) => [f.job, f.status])).toEqual([['marts', 'ok']]);
    expect(await placementsKpi()).toBe(0);

    dropInInbox(dir, 'agency1', 'placements_1.csv', placementsCsv(50));
    const second = await runInbox();
    expect(second).toMatchObject({ status: 'ok', rows: 50 });
    expect(second.followUps[0]).toMatchObject({
      job: 'marts',
      status: 'ok',
      trigger: 'after_load',
    });
    expect(await placementsKpi()).toBe(50);
  }, 120_000);
});
