// Authorization matrix: every role × every route and API we serve, with the
// expected status; funder scope from the session, never from the URL; Origin
// check; security headers. The real app on 127.0.0.1: createApp, the real data
// API router (server/api) and the built SvelteKit pages, real DuckDB.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { startServer, login, type TestServer } from './server.ts';
import { seedCore } from './seed.ts';
import { DEMO_USERS } from '../../server/auth/demoUsers.ts';
import { publishOpenData } from '../../warehouse/opendata/index.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';

type Role = 'public' | 'funder' | 'analyst' | 'director' | 'admin';
const ROLES: Role[] = ['public', 'funder', 'analyst', 'director', 'admin'];

// [method, path, expected per role in ROLES order]
const MATRIX: [string, string, number[]][] = [
  // Whoever may not see the overview is sent where their work is (anonymous: open data; funder: their project).
  ['GET', '/', [303, 303, 200, 200, 200]],
  ['GET', '/mismatch', [303, 403, 200, 200, 200]],
  ['GET', '/placements', [303, 403, 200, 200, 200]],
  ['GET', '/explore', [303, 403, 200, 200, 200]],
  ['GET', '/explore?kpi=PL_QUAL&by=gender', [303, 403, 200, 200, 200]],
  // Unknown pages: closed to public and funders by the guard, then SvelteKit's 404.
  ['GET', '/some-future-page', [303, 403, 404, 404, 404]],
  ['GET', '/spend', [303, 200, 200, 200, 200]],
  ['GET', '/programmes/PNMETRO', [303, 403, 200, 200, 200]],
  ['GET', '/programmes/GOL', [303, 403, 200, 200, 200]],
  ['GET', '/projects/F31D23000140007', [303, 200, 200, 200, 200]],
  ['GET', '/projects/F31D23000140007/__data.json', [303, 200, 200, 200, 200]],
  ['GET', '/projects/B11B22000000001', [303, 403, 200, 200, 200]],
  ['GET', '/projects/B11B22000000001/__data.json', [303, 403, 200, 200, 200]],
  ['GET', '/operations', [303, 403, 403, 200, 200]],
  // Each user's own alert rules (an admin: everyone's); analysts keep none.
  ['GET', '/alerts', [303, 200, 403, 200, 200]],
  // No /sql page is built (the API is /api/sql): the guard still decides first.
  ['GET', '/sql', [303, 403, 404, 403, 404]],
  ['POST', '/api/sql', [401, 403, 400, 403, 400]],
  // A signed-in user asking for the login page is sent on.
  ['GET', '/login', [200, 303, 303, 303, 303]],
  ['GET', '/methodology', [200, 200, 200, 200, 200]],
  ['GET', '/open-data', [200, 200, 200, 200, 200]],
  ['GET', '/open-data/catalog.jsonld', [200, 200, 200, 200, 200]],
  ['GET', '/open-data/dictionary.csv', [200, 200, 200, 200, 200]],
  ['GET', '/open-data/placements_province_quarter_women.csv', [200, 200, 200, 200, 200]],
  ['GET', '/open-data/placements_province_quarter_women.parquet', [200, 200, 200, 200, 200]],
  ['GET', '/open-data/placements_province_quarter_women.xlsx', [200, 200, 200, 200, 200]],
  ['GET', '/api/open-data/placements_province_quarter_women?format=json', [200, 200, 200, 200, 200]],
  ['GET', '/api/open-data/placements_province_quarter_women', [200, 200, 200, 200, 200]],
  ['GET', '/api/open-data/placements_province_quarter_women?where=territory:037', [400, 400, 400, 400, 400]],
  ['GET', '/auth/me', [200, 200, 200, 200, 200]],
  ['GET', '/api/kpi/SP_CPP', [401, 200, 200, 200, 200]],
  ['GET', '/api/kpi/SP_CPP?format=json&where=project:F31D23000140007', [401, 200, 200, 200, 200]],
  ['GET', '/api/kpi/SP_CPP?format=json&where=project:B11B22000000001', [401, 403, 200, 200, 200]],
  ['GET', '/api/kpi/SP_CPP?format=json&where=programme:GOL', [401, 403, 200, 200, 200]],
  ['GET', '/api/kpi/SP_CPP.csv?where=programme:GOL', [401, 403, 200, 200, 200]],
  ['GET', '/api/kpi/PL_QUAL?format=json&by=gender', [401, 200, 200, 200, 200]],
  // Funders read predefined tables: two attributes at once is not one of them.
  ['GET', '/api/kpi/PL_QUAL?format=json&by=gender,age_band', [401, 400, 200, 200, 200]],
  ['GET', '/api/kpi/MM_VAC', [401, 403, 200, 200, 200]],
  ['GET', '/api/kpi/MM_VAC.csv', [401, 403, 200, 200, 200]],
  ['GET', '/api/kpi/MM_VAC.xlsx', [401, 403, 200, 200, 200]],
  ['GET', '/api/kpi/MM_VAC.parquet', [401, 403, 200, 200, 200]],
  // Admin passes the guard; no scheduler runs in this test process, so the jobs router answers 503.
  ['GET', '/api/jobs', [401, 403, 403, 403, 503]],
  ['POST', '/api/jobs/inbox/run', [401, 403, 403, 403, 503]],
  ['GET', '/api/no-such-route', [401, 403, 404, 404, 404]],
  ['GET', '/api/kpis', [200, 200, 200, 200, 200]], // registry metadata shown on /methodology
  ['GET', '/api/dimensions/programme', [401, 403, 200, 200, 200]],
  ['GET', '/healthz', [200, 200, 200, 200, 200]],
];

describe('authorization matrix', () => {
  let t: TempWarehouse;
  let s: TestServer;
  const cookies: Record<Role, string> = { public: '', funder: '', analyst: '', director: '', admin: '' };

  beforeAll(async () => {
    t = await tempWarehouse();
    await seedCore(t.wh, { seekers: 300, placements: 300, vacancies: 150 });
    await refreshMarts(t.wh);
    s = await startServer(t, { demo: true, pages: true, env: { OSSERVATORIO_SESSION_SECRET: 's'.repeat(48) } });
    await publishOpenData(t.wh, s.services.paths, { env: {} });
    for (const role of ROLES.slice(1)) {
      const u = DEMO_USERS.find((d) => d.role === role)!;
      cookies[role] = await login(s.url, u.username, u.password);
    }
  }, 60_000);
  afterAll(async () => {
    await s.close();
    t.cleanup();
  });

  it.each(MATRIX)('%s %s', async (method, path, expected) => {
    const got: number[] = [];
    for (const role of ROLES) {
      const headers: Record<string, string> = { origin: s.url };
      if (cookies[role]) headers.cookie = cookies[role];
      if (method === 'POST') headers['content-type'] = 'application/json';
      const res = await fetch(s.url + path, { method, headers, redirect: 'manual', body: method === 'POST' ? '{}' : undefined });
      await res.arrayBuffer();
      got.push(res.status);
    }
    expect(got).toEqual(expected);
  });

  it('a funder only ever receives rows of its own scope', async () => {
    const get = async (path: string, cookie: string) =>
      ((await (await fetch(`${s.url}${path}${path.includes('?') ? '&' : '?'}format=json`, { headers: { cookie } })).json()) as { rows: Record<string, unknown>[] }).rows;
    const byProject = await get('/api/kpi/SP_CPP?by=project', cookies.funder);
    expect(byProject.map((r) => r.project)).toEqual(['F31D23000140007']);
    expect((await get('/api/kpi/SP_CPP?by=project', cookies.analyst)).length).toBe(2);
    // Unfiltered: the funder's total is its own project's, not everybody's.
    const [own] = await get('/api/kpi/SP_CPP', cookies.funder);
    const [all] = await get('/api/kpi/SP_CPP', cookies.analyst);
    expect(own.paid).toBe(300000);
    expect(all.paid).toBe(400000);
    // By programme: only the programme of its project, and only its project's money.
    const byProgramme = await get('/api/kpi/SP_CPP?by=programme', cookies.funder);
    expect(byProgramme.map((r) => r.programme)).toEqual(['PNMETRO']);
    expect(byProgramme[0].paid).toBe(300000);
  });

  it('a refused request for another project is audited', async () => {
    await fetch(`${s.url}/api/kpi/SP_CPP?where=project:B11B22000000001`, { headers: { cookie: cookies.funder } });
    const rows = await t.wh.rows<{ actor: string; action: string; outcome: string; target: string }>(
      `select actor, action, outcome, target from ops.audit where actor = 'demo-funder' and outcome = 'denied'`,
    );
    expect(rows.some((r) => r.action === 'deny' && r.target === 'SP_CPP')).toBe(true);
    expect(rows.some((r) => r.target === '/projects/B11B22000000001')).toBe(true);
  });

  it('non-public downloads are audited', async () => {
    const rows = await t.wh.rows<{ actor: string; detail: string; outcome: string }>(
      `select actor, detail, outcome from ops.audit where action = 'download' and target = '/api/kpi/MM_VAC.csv'`,
    );
    expect(rows.filter((r) => r.outcome === 'ok').map((r) => r.actor).sort()).toEqual(['demo-admin', 'demo-analyst', 'demo-director']);
    expect(rows.filter((r) => r.outcome === 'denied').map((r) => r.actor)).toEqual(['demo-funder']);
    expect(rows.every((r) => r.detail === 'csv')).toBe(true);
  });

  it('an anonymous page request is sent to the login page with a way back', async () => {
    const res = await fetch(`${s.url}/explore?kpi=MM_VAC`, { redirect: 'manual' });
    expect(res.headers.get('location')).toBe('/login?next=%2Fexplore%3Fkpi%3DMM_VAC');
  });

  it('refuses a foreign Origin on state-changing requests and JSON APIs (403)', async () => {
    const evil = 'https://evil.example';
    const post = await fetch(`${s.url}/api/jobs/inbox/run`, { method: 'POST', headers: { cookie: cookies.admin, origin: evil } });
    expect(post.status).toBe(403);
    const noOrigin = await fetch(`${s.url}/api/jobs/inbox/run`, { method: 'POST', headers: { cookie: cookies.admin } });
    expect(noOrigin.status).toBe(403);
    const logout = await fetch(`${s.url}/auth/logout`, { method: 'POST', headers: { cookie: cookies.analyst, origin: evil } });
    expect(logout.status).toBe(403);
    const login = await fetch(`${s.url}/auth/login`, {
      method: 'POST',
      headers: { origin: evil, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=demo-admin&password=demo-admin-password',
    });
    expect(login.status).toBe(403);
    const api = await fetch(`${s.url}/api/kpi/MM_VAC`, { headers: { cookie: cookies.analyst, origin: evil } });
    expect(api.status).toBe(403);
    const crossSite = await fetch(`${s.url}/api/kpi/MM_VAC`, { headers: { cookie: cookies.analyst, 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    // Public open data stays readable from any site.
    const open = await fetch(`${s.url}/api/open-data/placements_province_quarter_women?format=json`, { headers: { origin: evil } });
    expect(open.status).toBe(200);
    expect(open.headers.get('access-control-allow-origin')).toBe('*');
    // The analyst's session survived the forged logout.
    expect((await (await fetch(`${s.url}/auth/me`, { headers: { cookie: cookies.analyst } })).json()).role).toBe('analyst');
  });

  it('sends a strict CSP and the other security headers', async () => {
    for (const path of ['/', '/open-data/catalog.jsonld', '/api/kpi/MM_VAC', '/login']) {
      const res = await fetch(s.url + path, { headers: { cookie: cookies.analyst } });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('refuses oversized bodies (413)', async () => {
    const res = await fetch(`${s.url}/auth/login`, {
      method: 'POST',
      headers: { origin: s.url, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'x', password: 'y'.repeat(2_000_000) }),
    });
    expect(res.status).toBe(413);
  });
});
