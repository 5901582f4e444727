// The Express app in-process (startServer on 127.0.0.1:0): /api/jobs needs the
// admin role through a real session, /readyz turns 503 when the schema is not
// current, pages say how to build the dashboard when it is not built, and the
// server info file lives exactly as long as the server.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  startServer,
  ServerRunningError,
  type RunningServer,
} from '../../server/serve.ts';
import { silentLogger } from '../../runtime/log.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import { tempDir } from '../helpers/warehouse.ts';

const dir = tempDir('osservatorio-app-');
let server: RunningServer | undefined;
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function login(base: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status).toBeLessThan(400);
  const cookie = res.headers.get('set-cookie');
  expect(cookie).toBeTruthy();
  return cookie!.split(';')[0];
}

describe('createApp / startServer', () => {
  it('guards /api/jobs by role, reports readiness honestly and serves the not-built page', async () => {
    const paths = resolveDataPaths({ dataDir: dir });
    server = await startServer({
      paths,
      port: 0,
      demo: true,
      logger: silentLogger,
      scheduler: false,
      svelteHandler: null,
    });
    const base = server.url;
    expect(existsSync(join(dir, 'server.json'))).toBe(true);
    await expect(
      startServer({
        paths,
        port: 0,
        demo: true,
        logger: silentLogger,
        scheduler: false,
        svelteHandler: null,
      }),
    ).rejects.toThrow(ServerRunningError);

    expect((await fetch(`${base}/api/jobs`)).status).toBe(401);
    const analyst = await login(base, 'demo-analyst', 'demo-analyst-password');
    expect((await fetch(`${base}/api/jobs`, { headers: { cookie: analyst } })).status).toBe(403);
    const admin = await login(base, 'demo-admin', 'demo-admin-password');
    const jobs = await fetch(`${base}/api/jobs`, { headers: { cookie: admin } });
    expect(jobs.status).toBe(200);
    const body = (await jobs.json()) as {
      scheduler: boolean;
      jobs: { name: string; nextRun: string | null }[];
    };
    expect(body.scheduler).toBe(false);
    expect(body.jobs.map((j) => j.name)).toEqual(['inbox', 'marts', 'open-data', 'backup', 'reports', 'alerts']);
    expect(body.jobs.every((j) => j.nextRun && !Number.isNaN(Date.parse(j.nextRun)))).toBe(true);
    // A wrong operator token is no better than none.
    expect(
      (await fetch(`${base}/api/jobs`, { headers: { 'x-osservatorio-operator-token': 'nope' } }))
        .status,
    ).toBe(401);
    // Unknown job through the API.
    const unknown = await fetch(`${base}/api/jobs/nightly/run`, {
      method: 'POST',
      headers: { 'x-osservatorio-operator-token': server.info.token },
    });
    expect(unknown.status).toBe(404);

    const page = await fetch(`${base}/methodology`);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('npm run build');

    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const wh = server.services.warehouse;
    const newest = await wh.scalar<number>(`select max(version) from ops.schema_migrations`);
    await wh.run(`delete from ops.schema_migrations where version = $1`, [newest!]);
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ status: 'schema_outdated' });

    await server.close();
    server = undefined;
    expect(existsSync(join(dir, 'server.json'))).toBe(false);
  }, 60_000);
});
