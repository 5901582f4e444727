// Demo mode keeps its generated session secret in the data directory, so a
// restart of `npm start` keeps everyone signed in: a session cookie from one
// server still works on the next one started on the same data dir. The file
// is private (0600), reused as is, and never written to the logs.
import { statSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { startServer, login } from './server.ts';
import { resolveSessionSecret } from '../../server/auth/secret.ts';
import { DemoSecretFileError } from '../../server/auth/demoSecretFile.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';

async function signedInAs(url: string, cookie: string): Promise<string | null> {
  const res = await fetch(`${url}/auth/me`, { headers: { cookie } });
  return ((await res.json()) as { username: string | null }).username;
}

describe('demo session secret kept in the data dir', () => {
  let t: TempWarehouse;
  let secretFile: string;
  beforeAll(async () => {
    t = await tempWarehouse({ reference: false });
    // The data dir startServer gives the app.
    secretFile = resolveDataPaths({ dataDir: join(t.dir, 'data') }).demoSessionSecret;
  });
  afterAll(() => t.cleanup());

  it('a session from one demo server still works after a restart on the same data dir', async () => {
    const first = await startServer(t, { demo: true, env: {} });
    let cookie: string;
    try {
      cookie = await login(first.url, 'demo-analyst', 'demo-analyst-password');
      expect(await signedInAs(first.url, cookie)).toBe('demo-analyst');
    } finally {
      await first.close();
    }
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);

    const second = await startServer(t, { demo: true, env: {} });
    try {
      expect(await signedInAs(second.url, cookie)).toBe('demo-analyst');
    } finally {
      await second.close();
    }

    // Without the kept file the next start generates a new secret, and the old cookie no longer signs anyone in.
    rmSync(secretFile);
    const third = await startServer(t, { demo: true, env: {} });
    try {
      expect(await signedInAs(third.url, cookie)).toBeNull();
    } finally {
      await third.close();
    }
  });

  it('logs where the secret is kept, never the secret', () => {
    const logged: string[] = [];
    const logger = { warn: (o: unknown, msg: string) => logged.push(JSON.stringify(o), msg) } as never;
    const file = join(t.dir, 'fresh', 'session-secret.demo');
    const created = resolveSessionSecret({ demo: true, env: {}, logger, demoSecretFile: file });
    const reused = resolveSessionSecret({ demo: true, env: {}, logger, demoSecretFile: file });
    expect(reused.equals(created)).toBe(true);
    expect(created.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8').trim()).toBe(created.toString('utf8'));
    expect(logged.join('\n')).toContain(file);
    expect(logged.join('\n')).not.toContain(created.toString('utf8'));
  });

  it('narrows a file others can read to 0600, and refuses a file without a usable secret', () => {
    const file = join(t.dir, 'widened.demo');
    writeFileSync(file, `${'s'.repeat(40)}\n`);
    chmodSync(file, 0o644);
    expect(resolveSessionSecret({ demo: true, env: {}, demoSecretFile: file }).toString()).toBe('s'.repeat(40));
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const short = join(t.dir, 'short.demo');
    writeFileSync(short, 'too short\n', { mode: 0o600 });
    expect(() => resolveSessionSecret({ demo: true, env: {}, demoSecretFile: short })).toThrow(DemoSecretFileError);
  });

  it('outside demo mode the file is neither read nor created', () => {
    const file = join(t.dir, 'never.demo');
    expect(() => resolveSessionSecret({ demo: false, env: {}, demoSecretFile: file })).toThrow(/OSSERVATORIO_SESSION_SECRET/);
    expect(() => statSync(file)).toThrow(/ENOENT/);
  });
});
