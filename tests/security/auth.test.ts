// Authentication: password hashing, sessions (hashed at rest, fixation,
// timeouts), the session-secret rule, demo users, cookie flags, login rate
// limit, and the audit trail — against a real server on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { startServer, login, type TestServer } from './server.ts';
import { resolveSessionSecret, SessionSecretError } from '../../server/auth/secret.ts';
import { addUser, authenticate } from '../../warehouse/accounts/users.ts';
import { DEMO_USERS } from '../../server/auth/demoUsers.ts';
import { parseScope, ScopeError } from '../../warehouse/accounts/account.ts';
import { PasswordPolicyError } from '../../warehouse/accounts/passwords.ts';

const SECRET = { OSSERVATORIO_SESSION_SECRET: 'x'.repeat(40) };

describe('session secret', () => {
  it('refuses to start without a secret, or with a short one, outside demo mode', () => {
    expect(() => resolveSessionSecret({ demo: false, env: {} })).toThrow(SessionSecretError);
    expect(() => resolveSessionSecret({ demo: false, env: { OSSERVATORIO_SESSION_SECRET: 'short-secret' } })).toThrow(/shorter than 32 bytes/);
    expect(resolveSessionSecret({ demo: false, env: SECRET }).length).toBe(40);
  });
  it('generates one in demo mode and says so', () => {
    const lines: string[] = [];
    const logger = { warn: (_o: unknown, msg: string) => lines.push(msg) } as never;
    const a = resolveSessionSecret({ demo: true, env: {}, logger });
    const b = resolveSessionSecret({ demo: true, env: {}, logger });
    expect(a.length).toBe(32);
    expect(a.equals(b)).toBe(false);
    expect(lines.join('\n')).toMatch(/generated a random session secret/);
  });
  it('the server itself refuses to start outside demo mode without a secret', async () => {
    const t = await tempWarehouse({ reference: false });
    try {
      await expect(startServer(t, { demo: false, env: {} })).rejects.toThrow(/OSSERVATORIO_SESSION_SECRET/);
    } finally {
      t.cleanup();
    }
  });
});

describe('users', () => {
  let t: TempWarehouse;
  beforeAll(async () => {
    t = await tempWarehouse({ reference: false });
  });
  afterAll(() => t.cleanup());

  it('stores an argon2id hash, never the password', async () => {
    await addUser(t.wh, { username: 'ana', role: 'analyst', password: 'correct horse battery' });
    const row = await t.wh.one<{ password_hash: string }>(`select password_hash from ops.users where username = 'ana'`);
    expect(row!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row!.password_hash).not.toContain('correct horse');
    expect(await authenticate(t.wh, 'ana', 'correct horse battery', { demo: false })).toMatchObject({ role: 'analyst' });
    expect(await authenticate(t.wh, 'ana', 'wrong password!!', { demo: false })).toBeNull();
  });
  it('refuses short passwords, bad roles, funders without scope and malformed scopes', async () => {
    await expect(addUser(t.wh, { username: 'bob', role: 'analyst', password: 'short' })).rejects.toThrow(PasswordPolicyError);
    await expect(addUser(t.wh, { username: 'bob', role: 'root', password: 'long enough password' })).rejects.toThrow(/not one of/);
    await expect(addUser(t.wh, { username: 'bob', role: 'funder', password: 'long enough password' })).rejects.toThrow(/needs a scope/);
    expect(() => parseScope("programme:X';drop")).toThrow(ScopeError);
    expect(() => parseScope('project:short')).toThrow(ScopeError);
    expect(parseScope('programme:PNMETRO,project:F31D23000140007')).toEqual({ programmes: ['PNMETRO'], projects: ['F31D23000140007'] });
  });
});

describe('login over HTTP', () => {
  let t: TempWarehouse;
  let s: TestServer;
  beforeAll(async () => {
    t = await tempWarehouse({ reference: false });
    s = await startServer(t, { demo: true, env: { ...SECRET, OSSERVATORIO_TRUST_PROXY: 'loopback' }, loginLimit: { limit: 5, windowMs: 60_000 } });
  });
  afterAll(async () => {
    await s.close();
    t.cleanup();
  });
  const demo = (role: string) => DEMO_USERS.find((u) => u.role === role)!;

  it('demo mode created one demo user per role', async () => {
    const rows = await t.wh.rows<{ role: string; demo: boolean }>(`select role, demo from ops.users order by role`);
    expect(rows.map((r) => r.role)).toEqual(['admin', 'analyst', 'director', 'funder']);
    expect(rows.every((r) => r.demo)).toBe(true);
  });

  it('sets an HttpOnly, SameSite=Lax cookie, Secure behind an HTTPS proxy, and stores only a hash of the token', async () => {
    const u = demo('analyst');
    const res = await fetch(`${s.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: s.url },
      body: JSON.stringify({ username: u.username, password: u.password }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^osservatorio_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const token = cookie.split(';')[0].split('=')[1];
    const stored = await t.wh.rows<{ token_hash: string }>(`select token_hash from ops.sessions`);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.some((r) => r.token_hash === token || r.token_hash.includes(token))).toBe(false);

    const https = await fetch(`${s.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://' + new URL(s.url).host, 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ username: u.username, password: u.password }),
    });
    expect(https.status).toBe(200);
    expect(https.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('issues a new session id on login and ends the previous one (no fixation)', async () => {
    const u = demo('director');
    const first = await login(s.url, u.username, u.password);
    const res = await fetch(`${s.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: s.url, cookie: first },
      body: JSON.stringify({ username: u.username, password: u.password }),
    });
    const second = res.headers.get('set-cookie')!.split(';')[0];
    expect(second).not.toBe(first);
    const me1 = await (await fetch(`${s.url}/auth/me`, { headers: { cookie: first } })).json();
    const me2 = await (await fetch(`${s.url}/auth/me`, { headers: { cookie: second } })).json();
    expect(me1.role).toBe('public');
    expect(me2).toMatchObject({ username: u.username, role: 'director' });
    // A token planted by an attacker is never adopted.
    const planted = 'osservatorio_session=' + 'A'.repeat(43);
    expect((await (await fetch(`${s.url}/auth/me`, { headers: { cookie: planted } })).json()).role).toBe('public');
  });

  it('ends sessions after the idle and the absolute timeout, and on logout', async () => {
    const u = demo('admin');
    const idle = await login(s.url, u.username, u.password);
    await t.wh.run(`update ops.sessions set last_seen_at = now() - interval 31 minutes`);
    expect((await (await fetch(`${s.url}/auth/me`, { headers: { cookie: idle } })).json()).role).toBe('public');
    const abs = await login(s.url, u.username, u.password);
    await t.wh.run(`update ops.sessions set expires_at = now() - interval 1 second`);
    expect((await (await fetch(`${s.url}/auth/me`, { headers: { cookie: abs } })).json()).role).toBe('public');
    const live = await login(s.url, u.username, u.password);
    expect((await (await fetch(`${s.url}/auth/me`, { headers: { cookie: live } })).json()).role).toBe('admin');
    const out = await fetch(`${s.url}/auth/logout`, { method: 'POST', headers: { cookie: live, origin: s.url } });
    expect(out.status).toBe(200);
    expect((await (await fetch(`${s.url}/auth/me`, { headers: { cookie: live } })).json()).role).toBe('public');
  });

  it('a form login redirects to a same-site next only', async () => {
    const u = demo('analyst');
    const body = new URLSearchParams({ username: u.username, password: u.password, next: '//evil.example/x' });
    const res = await fetch(`${s.url}/auth/login`, { method: 'POST', body, headers: { origin: s.url }, redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const bad = new URLSearchParams({ username: u.username, password: 'nope nope nope' });
    const r2 = await fetch(`${s.url}/auth/login`, { method: 'POST', body: bad, headers: { origin: s.url }, redirect: 'manual' });
    expect(r2.status).toBe(303);
    expect(r2.headers.get('location')).toMatch(/^\/login\?error=1/);
  });

  it('audits logins without secrets', async () => {
    const rows = await t.wh.rows<{ action: string; outcome: string; actor: string; detail: string | null; target: string | null }>(
      `select action, outcome, actor, detail, target from ops.audit where action = 'login'`,
    );
    expect(rows.some((r) => r.outcome === 'ok' && r.actor === 'demo-analyst')).toBe(true);
    expect(rows.some((r) => r.outcome === 'denied' && r.detail === 'bad_credentials')).toBe(true);
    const all = JSON.stringify(await t.wh.rows(`select * from ops.audit`));
    for (const u of DEMO_USERS) expect(all).not.toContain(u.password);
    expect(all).not.toContain('nope nope');
  });

  it('brute force on login gets 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${s.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: s.url },
        body: JSON.stringify({ username: 'demo-admin', password: `guess-number-${i}` }),
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
    // Even the right password is refused while limited.
    const right = await fetch(`${s.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: s.url },
      body: JSON.stringify({ username: 'demo-admin', password: demo('admin').password }),
    });
    expect(right.status).toBe(429);
  });
});

describe('distributed brute force on one account', () => {
  it('gets 429 once one username has failed too often, from whatever address', async () => {
    const t = await tempWarehouse({ reference: false });
    const s = await startServer(t, { demo: true, env: { ...SECRET, OSSERVATORIO_TRUST_PROXY: 'loopback' }, loginLimit: { limit: 5, windowMs: 60_000 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await fetch(`${s.url}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: s.url, 'x-forwarded-for': `203.0.113.${i + 1}` },
          body: JSON.stringify({ username: 'demo-director', password: `guess-number-${i}` }),
        });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 10).every((x) => x === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
      // Other accounts are unaffected.
      const other = DEMO_USERS.find((u) => u.role === 'analyst')!;
      const ok = await fetch(`${s.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: s.url, 'x-forwarded-for': '203.0.113.99' },
        body: JSON.stringify({ username: other.username, password: other.password }),
      });
      expect(ok.status).toBe(200);
    } finally {
      await s.close();
      t.cleanup();
    }
  });
});

describe('demo users outside demo mode', () => {
  it('cannot log in when the same database is served without demo mode', async () => {
    const t = await tempWarehouse({ reference: false });
    const demoServer = await startServer(t, { demo: true, env: SECRET });
    await demoServer.close();
    const prod = await startServer(t, { demo: false, env: SECRET });
    try {
      const u = DEMO_USERS[0];
      const res = await fetch(`${prod.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: prod.url },
        body: JSON.stringify({ username: u.username, password: u.password }),
      });
      expect(res.status).toBe(401);
    } finally {
      await prod.close();
      t.cleanup();
    }
  });
});
