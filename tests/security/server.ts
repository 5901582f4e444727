// A real HTTP server on 127.0.0.1 for the security tests: the real app
// (createApp with every route of server/routes.ts, including the data API:
// /api/kpi, /api/kpis, /api/dimensions, page data) and
// the built SvelteKit handler (dashboard/build, rebuilt by Vitest's
// globalSetup when stale), so the matrix covers the routes users reach.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SecurityOptions } from '../../server/routes.ts';
import { createApp } from '../../server/app.ts';
import type { AppServices } from '../../server/services.ts';
import { DASHBOARD_BUILD, findSvelteHandler } from '../../server/dashboardBuild.ts';
import { silentLogger } from '../../runtime/log.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import type { TempWarehouse } from '../helpers/warehouse.ts';

export interface TestServer {
  url: string;
  server: Server;
  services: AppServices;
  close(): Promise<void>;
}

/** The built SvelteKit handler; another engineer's rebuild may be replacing dashboard/build, so wait for it (up to 5 min). */
async function builtHandler() {
  for (let i = 0; i < 300; i++) {
    if (existsSync(join(DASHBOARD_BUILD, 'handler.js')) && existsSync(join(DASHBOARD_BUILD, 'server'))) {
      const h = await findSvelteHandler().catch(() => undefined);
      if (h) return h;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  return undefined;
}

export async function startServer(
  t: TempWarehouse,
  /** pages: mount the built SvelteKit handler (the matrix and browser tests); without it, page routes answer the app's 503 "not built" page. */
  options: { demo?: boolean; env?: NodeJS.ProcessEnv; pages?: boolean } & SecurityOptions = {},
): Promise<TestServer> {
  const paths = resolveDataPaths({ dataDir: join(t.dir, 'data'), db: t.dbPath });
  const services: AppServices = { warehouse: t.wh, paths, logger: silentLogger, demo: options.demo ?? true };
  const { demo: _demo, pages = false, ...security } = options;
  const svelteHandler = pages ? await builtHandler() : null;
  if (pages && !svelteHandler) throw new Error('dashboard/build/handler.js is missing: run `npm run build` (Vitest globalSetup builds it).');
  const created = await createApp(services, {
    security: { ...security, env: options.env ?? {} },
    svelteHandler,
  });
  const server = await new Promise<Server>((resolve) => {
    const s = created.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    services,
    close: () =>
      new Promise((resolve) => {
        created.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Logs in with a JSON POST and returns the session cookie header value. */
export async function login(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username} → ${res.status}`);
  const set = res.headers.get('set-cookie') ?? '';
  return set.split(';')[0];
}
