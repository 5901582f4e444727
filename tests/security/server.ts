// A real HTTP server on 127.0.0.1 for the security tests: helper E's createApp
// (which installs this area's security), a KPI endpoint that goes through
// authorizedKpi → helper D's queryKpi on real marts (standing in for F's data
// API until it lands), and a catch-all HTML page standing in for SvelteKit.
import { Router, type Request, type Response } from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { SecurityOptions } from '../../dashboard/server/security.ts';
import { createApp } from '../../dashboard/server/app.ts';
import type { AppServices } from '../../dashboard/server/services.ts';
import { silentLogger } from '../../jobs/log.ts';
import type { KpiRequest } from '../../warehouse/access/authorize.ts';
import { authorizedKpi } from '../../warehouse/access/kpi.ts';
import { AccessError } from '../../warehouse/access/errors.ts';
import { KpiRequestError, MartsNotBuiltError } from '../../warehouse/kpi/types.ts';
import { resolvePolicy } from '../../warehouse/disclosure/index.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import type { TempWarehouse } from '../helpers/warehouse.ts';

export interface TestServer {
  url: string;
  server: Server;
  services: AppServices;
  close(): Promise<void>;
}

export async function startServer(
  t: TempWarehouse,
  options: { demo?: boolean; env?: NodeJS.ProcessEnv } & Partial<Omit<SecurityOptions, 'services'>> = {},
): Promise<TestServer> {
  const paths = resolveDataPaths({ dataDir: join(t.dir, 'data'), db: t.dbPath });
  const services: AppServices = { warehouse: t.wh, paths, logger: silentLogger, demo: options.demo ?? true };
  const { demo: _demo, ...security } = options;
  const policy = resolvePolicy({ threshold: 5 }, {});

  // The KPI endpoint, as helper F's data API would call the authorization layer.
  const kpiApi = Router();
  kpiApi.get('/api/kpi/:code', async (req: Request, res: Response) => {
    const q = req.query as Record<string, unknown>;
    const request: KpiRequest = { filters: {} };
    for (const [k, v] of Object.entries(q)) {
      if (typeof v !== 'string') return void res.status(400).json({ error: { code: 'BAD_PARAMETER' } });
      if (k === 'format') continue;
      if (k === 'dims') request.dims = v.split(',');
      else if (k === 'from' || k === 'to') request[k] = v;
      else request.filters![k] = v.split(',');
    }
    try {
      const result = await authorizedKpi(req.services!.warehouse, req.user, String(req.params.code), request, { policy });
      res.json({ rows: result.rows });
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (err instanceof AccessError || err instanceof KpiRequestError) return void res.status(status!).json({ error: { code: (err as { code: string }).code } });
      if (err instanceof MartsNotBuiltError) return void res.status(503).json({ error: { code: 'MARTS_NOT_BUILT' } });
      res.status(500).json({ error: { code: 'INTERNAL', message: (err as Error).message } });
    }
  });
  // Stand-in for the SvelteKit handler: any page that passed the guard; like SvelteKit, it routes on the normalised path.
  const pages = (req: Request, res: Response) => {
    const page = new URL(req.originalUrl, 'http://localhost').pathname;
    res.type('text/html').send(`<!doctype html><title>page</title><p>${page.replace(/[^\w/-]/g, '')}</p>`);
  };
  // Helper E's app (services, health, /api/jobs, 404s) with this area's security installed by it.
  const created = await createApp(services, {
    security: { ...security, env: options.env ?? {} },
    apiRouters: [kpiApi],
    svelteHandler: pages,
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
