// The Origin check's idea of "our own site". Derived from the Host header it
// is whatever the client claims: a forged Host with a matching forged Origin
// passes. With OSSERVATORIO_PUBLIC_ORIGIN set, only that origin is ours.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { startServer, type TestServer } from './server.ts';
import { PublicOriginError } from '../../server/security.ts';

const SECRET = 's'.repeat(48);
const PUBLIC = 'https://osservatorio.comune.example';

/** A request with the Host header we choose (fetch does not let a caller set Host). */
function send(url: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url + path, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const loginBody = JSON.stringify({ username: 'nobody', password: 'wrong-password' });
const forged = (host: string) => ({ host, origin: `http://${host}`, 'content-type': 'application/json' });

describe('Origin check with a configured public origin', () => {
  let t: TempWarehouse;
  let s: TestServer;
  beforeAll(async () => {
    t = await tempWarehouse({ reference: false });
    s = await startServer(t, { demo: true, env: { OSSERVATORIO_SESSION_SECRET: SECRET, OSSERVATORIO_PUBLIC_ORIGIN: PUBLIC } });
  }, 60_000);
  afterAll(async () => {
    await s.close();
    t.cleanup();
  });

  it('refuses a forged Host with a matching forged Origin', async () => {
    const post = await send(s.url, 'POST', '/auth/login', forged('evil.example'), loginBody);
    expect(post.status).toBe(403);
    expect(JSON.parse(post.body).error.code).toBe('FOREIGN_ORIGIN');
    const api = await send(s.url, 'GET', '/api/kpis', forged('evil.example'));
    expect(api.status).toBe(403);
  });

  it('refuses the Host-derived origin too, and accepts the public one', async () => {
    const own = new URL(s.url).host;
    expect((await send(s.url, 'POST', '/auth/login', forged(own), loginBody)).status).toBe(403);
    const ok = await send(s.url, 'POST', '/auth/login', { host: 'osservatorio.comune.example', origin: PUBLIC, 'content-type': 'application/json' }, loginBody);
    // Past the Origin check: the wrong password is what refuses it.
    expect(ok.status).toBe(401);
  });
});

describe('Origin check without a public origin', () => {
  it('compares with the Host header, as before (why the setting matters behind a proxy)', async () => {
    const t = await tempWarehouse({ reference: false });
    const s = await startServer(t, { demo: true, env: { OSSERVATORIO_SESSION_SECRET: SECRET } });
    try {
      expect((await send(s.url, 'POST', '/auth/login', forged('evil.example'), loginBody)).status).toBe(401);
      const foreign = await send(s.url, 'POST', '/auth/login', { ...forged('evil.example'), origin: 'http://other.example' }, loginBody);
      expect(foreign.status).toBe(403);
    } finally {
      await s.close();
      t.cleanup();
    }
  }, 60_000);

  it.each(['osservatorio.comune.example', 'https://osservatorio.comune.example/path', 'ftp://x.example'])(
    'refuses to start with OSSERVATORIO_PUBLIC_ORIGIN=%s',
    async (value) => {
      const t = await tempWarehouse({ reference: false });
      try {
        await expect(startServer(t, { demo: true, env: { OSSERVATORIO_SESSION_SECRET: SECRET, OSSERVATORIO_PUBLIC_ORIGIN: value } })).rejects.toBeInstanceOf(PublicOriginError);
      } finally {
        t.cleanup();
      }
    },
    60_000,
  );
});
