// A real HTTP server on 127.0.0.1 for the security tests: helper E's createApp
// (which installs this area's security), a KPI endpoint that goes through
// authorizedQuery with a small SQL query over core (standing in for helper D's
// queryKpi and F's data API until they land), and a catch-all HTML page
// standing in for the SvelteKit handler.
import { Router, type Request, type Response } from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { SecurityOptions } from '../../dashboard/server/security.ts';
import { createApp } from '../../dashboard/server/app.ts';
import type { AppServices } from '../../dashboard/server/services.ts';
import { silentLogger } from '../../jobs/log.ts';
import { authorizedQuery, type KpiRequest } from '../../warehouse/access/authorize.ts';
import { AccessError, badRequest } from '../../warehouse/access/errors.ts';
import type { Session } from '../../warehouse/db.ts';
import { resolvePolicy } from '../../warehouse/disclosure/index.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import type { TempWarehouse } from '../helpers/warehouse.ts';

const KPI_DIMS = new Set(['programme_code', 'cup', 'territory']);

/** Test query layer: two KPIs, dimension names from an allow-list, values bound. */
export async function testQueryKpi(db: Session, code: string, request: KpiRequest) {
  for (const d of [...(request.dims ?? []), ...Object.keys(request.filters ?? {})]) {
    if (!KPI_DIMS.has(d)) throw badRequest('Unknown dimension.');
  }
  const f = request.filters ?? {};
  const list = (k: string) => (f[k] ? JSON.stringify(f[k]) : null);
  if (code === 'SP_CPP') {
    return db.rows(
      `select p.programme_code, p.cup, count(pl.placement_id)::BIGINT as placements
       from core.projects p left join core.placements pl on pl.cup = p.cup
       where ($1::VARCHAR[] is null or list_contains($1::VARCHAR[], p.programme_code))
         and ($2::VARCHAR[] is null or list_contains($2::VARCHAR[], p.cup))
       group by all order by p.cup`,
      [list('programme_code'), list('cup')],
    );
  }
  if (code === 'MM_VAC') {
    return db.rows(`select c.cod_uts as territory, count(*)::BIGINT as vacancies from core.vacancies v join ref.comuni c using (comune_code) group by all order by 1`);
  }
  throw new AccessError(404, 'UNKNOWN_KPI', 'Unknown KPI.');
}

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
    const q = req.query as Record<string, string | undefined>;
    const known = new Set(['dims', 'programme_code', 'cup', 'territory', 'format']);
    if (Object.keys(q).some((k) => !known.has(k))) return void res.status(400).json({ error: { code: 'BAD_PARAMETER' } });
    const request: KpiRequest = { dims: q.dims ? q.dims.split(',') : undefined, filters: {} };
    for (const k of ['programme_code', 'cup', 'territory']) if (q[k] !== undefined) request.filters![k] = String(q[k]).split(',');
    try {
      const rows = await authorizedQuery(req.services!.warehouse, req.user, String(req.params.code), request, testQueryKpi, {
        policy,
        countColumns: ['placements', 'vacancies'],
      });
      res.json({ rows });
    } catch (err) {
      if (err instanceof AccessError) return void res.status(err.status).json({ error: { code: err.code } });
      res.status(500).json({ error: { code: 'INTERNAL' } });
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
