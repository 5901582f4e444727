// Where each user starts and what a refused page says, over real HTTP (the
// real app and route guard on 127.0.0.1, real DuckDB; no SvelteKit build
// needed: every answer here comes from Express). The browser side (the
// navigation, the header, the logout button) is tests/e2e/landing.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { startServer, login, type TestServer } from './server.ts';
import { seedCore } from './seed.ts';
import { DEMO_FUNDER_CUP, DEMO_USERS } from '../../server/auth/demoUsers.ts';
import { landingFor } from '../../server/auth/landing.ts';
import { HomeError, parseHome } from '../../warehouse/accounts/home.ts';

const demo = (role: string) => DEMO_USERS.find((u) => u.role === role)!;

describe('landing by role', () => {
  let t: TempWarehouse;
  let s: TestServer;

  beforeAll(async () => {
    t = await tempWarehouse();
    await seedCore(t.wh, { seekers: 20, placements: 20, vacancies: 10 });
    s = await startServer(t, { demo: true, env: { OSSERVATORIO_SESSION_SECRET: 's'.repeat(48) } });
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    t?.cleanup();
  });

  const formLogin = async (role: string, next = '/') => {
    const u = demo(role);
    const body = new URLSearchParams({ username: u.username, password: u.password, next });
    const res = await fetch(`${s.url}/auth/login`, { method: 'POST', body, headers: { origin: s.url }, redirect: 'manual' });
    expect(res.status).toBe(303);
    return { location: res.headers.get('location'), cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] };
  };
  const get = (path: string, cookie = '', accept = 'text/html') =>
    fetch(`${s.url}${path}`, { headers: { cookie, accept }, redirect: 'manual' });

  it('sends each role, after a form login, to where its work is; an explicit next still wins', async () => {
    expect((await formLogin('funder')).location).toBe(`/projects/${DEMO_FUNDER_CUP}`);
    expect((await formLogin('director')).location).toBe('/?province=272');
    expect((await formLogin('analyst')).location).toBe('/');
    expect((await formLogin('admin')).location).toBe('/');
    expect((await formLogin('funder', '/spend')).location).toBe('/spend');
  });

  it('answers / with the landing page of whoever cannot see the overview', async () => {
    const anonymous = await get('/');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/open-data');
    const funder = await get('/', (await formLogin('funder')).cookie);
    expect(funder.status).toBe(303);
    expect(funder.headers.get('location')).toBe(`/projects/${DEMO_FUNDER_CUP}`);
    // Other pages still ask an anonymous visitor to sign in, with a way back.
    expect((await get('/mismatch')).headers.get('location')).toBe('/login?next=%2Fmismatch');
  });

  it('tells /auth/me the landing page and the home territory', async () => {
    const { cookie } = await formLogin('director');
    const me = (await (await fetch(`${s.url}/auth/me`, { headers: { cookie } })).json()) as Record<string, unknown>;
    expect(me).toMatchObject({ username: 'demo-director', home: 'province:272', landing: '/?province=272' });
  });

  it('refuses a page with a styled Italian page saying why and linking home, and an API with JSON', async () => {
    const { cookie } = await formLogin('funder');
    const page = await get('/operations', cookie);
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<html lang="it">');
    expect(html).toContain('<style>');
    expect(html).toContain('Questa pagina è riservata a: direzione e amministratori.');
    expect(html).toContain(`href="/projects/${DEMO_FUNDER_CUP}" data-testid="forbidden-home"`);
    expect(html).toMatch(/Accesso come <strong>demo-funder<\/strong> \(finanziatore\)/);
    expect(html).toContain('action="/auth/logout"');

    const other = await (await get('/projects/B11B22000000001?lang=en', cookie)).text();
    expect(other).toContain('<html lang="en">');
    expect(other).toContain('This project is not one of those assigned to your account.');

    const api = await get('/api/dimensions/programme', cookie, 'application/json');
    expect(api.status).toBe(403);
    expect(await api.json()).toEqual({ error: { code: 'FORBIDDEN', message: 'Non autorizzato. / Forbidden.' } });
    const data = await get('/operations/__data.json', cookie, '*/*');
    expect(data.status).toBe(403);
    expect(data.headers.get('content-type')).toMatch(/json/);
  });

  it('signs out with a plain form post and lands on the open data', async () => {
    const cookie = await login(s.url, demo('analyst').username, demo('analyst').password);
    const out = await fetch(`${s.url}/auth/logout`, {
      method: 'POST',
      headers: { cookie, origin: s.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
      redirect: 'manual',
    });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/open-data');
    expect((await (await fetch(`${s.url}/auth/me`, { headers: { cookie } })).json()).role).toBe('public');
  });
});

describe('landingFor', () => {
  const none = { programmes: [], projects: [] };
  it('opens a funder on its one programme, else on the spend overview of its scope', () => {
    expect(landingFor({ role: 'funder', scope: { programmes: ['PN METRO'], projects: [] }, home: null })).toBe('/programmes/PN%20METRO');
    expect(landingFor({ role: 'funder', scope: { programmes: ['A'], projects: ['F31D23000140007'] }, home: null })).toBe('/spend');
    expect(landingFor({ role: 'funder', scope: { programmes: ['A', 'B'], projects: [] }, home: null })).toBe('/spend');
  });
  it('opens an internal role on the overview of its home, if any; anyone else on the open data', () => {
    expect(landingFor({ role: 'director', scope: none, home: parseHome('office:BA-PFB') })).toBe('/?office=BA-PFB');
    expect(landingFor({ role: 'analyst', scope: none, home: null })).toBe('/');
    expect(landingFor({ role: 'public', scope: none, home: null })).toBe('/open-data');
  });
});

describe('parseHome', () => {
  it('takes LEVEL:CODE with the levels and code shapes of the overview filter; empty is no home', () => {
    expect(parseHome('province:272')).toEqual({ level: 'province', code: '272' });
    expect(parseHome(' office:BA-PFB ')).toEqual({ level: 'office', code: 'BA-PFB' });
    expect(parseHome('')).toBeNull();
    for (const bad of ['planet:3', 'province', ':272', 'province:27', "province:27'--", 'comune:72006'])
      expect(() => parseHome(bad), bad).toThrow(HomeError);
  });
});
