// Injection payloads in every parameter we accept → 400 (or 404 for names
// that are not on an allow-list), never a 500, and no file touched anywhere.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { startServer, login, type TestServer } from './server.ts';
import { seedCore } from './seed.ts';
import { DEMO_USERS } from '../../server/auth/demoUsers.ts';
import { publishOpenData } from '../../warehouse/opendata/index.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';

const CANARY = '/tmp/osservatorio-security-canary.csv';
const PAYLOADS = [
  "' OR 1=1--",
  "x'; COPY (select 42) TO '/tmp/osservatorio-security-canary.csv'; --",
  "read_csv('/etc/passwd')",
  "ATTACH '/tmp/osservatorio-security-canary.duckdb' AS x",
  'ATTACH',
  'secret_column',
  '1); DROP TABLE ops.users; --',
  '../../etc/passwd',
  "getenv('HOME')",
];

function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (!name.endsWith('.wal') && !name.endsWith('.duckdb')) out.push(`${p}:${st.size}:${st.mtimeMs}`);
    }
  };
  walk(dir);
  return out.sort();
}

describe('injection payloads', () => {
  let t: TempWarehouse;
  let s: TestServer;
  let analyst: string;
  let before: string[];

  beforeAll(async () => {
    t = await tempWarehouse();
    await seedCore(t.wh, { seekers: 200, placements: 200, vacancies: 100 });
    await refreshMarts(t.wh);
    s = await startServer(t, { demo: true, env: { OSSERVATORIO_SESSION_SECRET: 's'.repeat(48) } });
    await publishOpenData(t.wh, s.services.paths, { env: {} });
    const u = DEMO_USERS.find((d) => d.role === 'analyst')!;
    analyst = await login(s.url, u.username, u.password);
    before = listing(t.dir);
  }, 60_000);
  afterAll(async () => {
    await s.close();
    t.cleanup();
  });

  const get = (path: string) => fetch(s.url + path, { headers: { cookie: analyst, origin: s.url }, redirect: 'manual' });

  it.each(PAYLOADS)('payload %s in every KPI parameter → 400', async (payload) => {
    const p = encodeURIComponent(payload);
    // The data API's real query syntax (warehouse/kpi/queryString.ts): by, where, from, to, format.
    const urls = [
      `/api/kpi/${p}`,
      `/api/kpi/${p}.csv`,
      `/api/kpi/MM_VAC?by=${p}`,
      `/api/kpi/MM_VAC?format=json&by=province,${p}`,
      `/api/kpi/MM_VAC?where=province:${p}`,
      `/api/kpi/MM_VAC?where=${p}:037`,
      `/api/kpi/MM_VAC?where=province:037|${p}`,
      `/api/kpi/MM_VAC?from=${p}`,
      `/api/kpi/MM_VAC?to=${p}`,
      `/api/kpi/MM_VAC?format=${p}`,
      `/api/kpi/MM_VAC.csv?by=${p}`,
      `/api/kpi/MM_VAC.parquet?where=province:${p}`,
      `/api/kpi/MM_VAC.xlsx?from=${p}`,
      `/api/kpi/SP_CPP?where=programme:${p}`,
      `/api/kpi/SP_CPP?where=project:${p}`,
      `/api/kpi/MM_VAC?f.province=${encodeURIComponent(payload)}`,
      `/api/dimensions/${p}`,
    ];
    for (const url of urls) {
      const res = await get(url);
      expect([400, 404], `${url} → ${res.status}`).toContain(res.status);
      if (!url.startsWith(`/api/kpi/${p}`) && !url.startsWith('/api/dimensions/')) expect(res.status, url).toBe(400);
    }
  });

  // Names of Object.prototype's own machinery: as a dimension they once reached
  // the prototype (where=__proto__:x answered 200 with the filter dropped,
  // f.constructor=x crashed with a 500). They are unknown names like any other.
  it.each(['__proto__', 'constructor', 'prototype'])('prototype name %s in every KPI parameter form → 400', async (name) => {
    const urls = [
      `/api/kpi/PL_RATE_3?format=json&f.${name}=x`,
      `/api/kpi/PL_RATE_3?format=json&f.${name}=x&f.${name}=y`,
      `/api/kpi/PL_RATE_3?format=json&where=${name}:x`,
      `/api/kpi/PL_RATE_3?format=json&where=province:037;${name}:x`,
      `/api/kpi/PL_RATE_3?format=json&where=${name}:x&f.${name}=y`,
      `/api/kpi/PL_RATE_3?format=json&by=${name}`,
      `/api/kpi/PL_RATE_3?format=json&${name}=x`,
      `/api/kpi/PL_RATE_3?format=json&${name}[x]=y`,
      `/api/kpi/PL_RATE_3.csv?f.${name}=x`,
      `/api/kpi/PL_RATE_3.csv?where=${name}:x`,
    ];
    for (const url of urls) expect((await get(url)).status, url).toBe(400);
  });

  it.each(PAYLOADS)('payload %s in public-table parameters → 400, in names → 404', async (payload) => {
    const p = encodeURIComponent(payload);
    expect((await get(`/api/open-data/placements_province_quarter_women?format=${p}`)).status).toBe(400);
    expect((await get(`/api/open-data/placements_province_quarter_women?territory=${p}`)).status).toBe(400);
    expect((await get(`/api/open-data/${p}`)).status).toBe(404);
    const dl = await get(`/open-data/${p}.csv`);
    expect(dl.status).toBe(404);
  });

  it('path traversal in download names → 404', async () => {
    for (const name of [
      '..%2F..%2Fetc%2Fpasswd',
      '..%2Fosservatorio.duckdb',
      '%2e%2e%2fosservatorio.duckdb',
      '..%5C..%5Cosservatorio.duckdb',
      '.%2Fcatalog.jsonld',
      'catalog.jsonld%00.csv',
      '.placements_province_quarter_women.csv.1.tmp',
    ]) {
      const res = await get(`/open-data/${name}`);
      expect(res.status, name).toBe(404);
    }
    // Without URL normalisation (a raw client sends the dots as they are).
    for (const path of ['/open-data/../osservatorio.duckdb', '/open-data/..%2f..%2fosservatorio.duckdb', '/open-data/%2e%2e/osservatorio.duckdb']) {
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${s.url}${path}`, { method: 'GET' }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.path = path;
        req.on('error', reject);
        req.end();
      });
      expect([404, 303], path).toContain(status);
    }
  });

  it('a public prefix cannot smuggle a private page (../ before the guard)', async () => {
    const raw = (path: string, cookie?: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${s.url}/`, { method: 'GET', headers: cookie ? { cookie } : {} }, (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.path = path;
        req.on('error', reject);
        req.end();
      });
    for (const path of [
      '/open-data/../operations',
      '/open-data/%2e%2e/operations',
      '/open-data/.%2e/explore',
      '/geo/../explore',
      '/_app/../../explore',
      '/methodology/../sql',
      '/login/../api/jobs',
      '/open-data\\..\\explore',
    ]) {
      const r = await raw(path);
      expect(r.status, path).not.toBe(200);
    }
  });

  it('payloads as login credentials are refused without error', async () => {
    for (const payload of PAYLOADS) {
      const res = await fetch(`${s.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: s.url },
        body: JSON.stringify({ username: payload, password: payload }),
      });
      expect([401, 429]).toContain(res.status);
    }
  });

  it('touched no file', () => {
    expect(existsSync(CANARY)).toBe(false);
    expect(existsSync('/tmp/osservatorio-security-canary.duckdb')).toBe(false);
    expect(listing(t.dir)).toEqual(before);
  });
});
