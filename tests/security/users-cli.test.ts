// `osservatorio users` end to end: the real CLI in a child process on a temp data dir.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/warehouse.ts';
import { Warehouse } from '../../warehouse/db.ts';
import { rmSync } from 'node:fs';

const CLI = join(import.meta.dirname, '..', '..', 'cli', 'osservatorio.js');
const dir = tempDir();
const run = (args: string[], input?: string, dataDir = dir) => {
  const r = spawnSync(process.execPath, [CLI, ...args, '--data-dir', dataDir], { input, encoding: 'utf8', env: { ...process.env, OSSERVATORIO_LOG_LEVEL: 'silent' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('osservatorio users', () => {
  // The home test has its own data directory: it runs whatever state the first test left.
  const homeDir = tempDir();
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(homeDir, { recursive: true, force: true });
  });

  it('adds, lists, disables and resets users; passwords are shown once and never stored', async () => {
    const add = run(['users', 'add', 'maria', '--role', 'analyst']);
    expect(add.code).toBe(0);
    const generated = /password \(shown once, store it now\): (\S+)/.exec(add.out)![1];
    expect(generated).toHaveLength(24);

    const funder = run(['users', 'add', 'ente-bo', '--role', 'funder', '--scope', 'programme:PNMETRO,project:F31D23000140007', '--password-stdin'], 'a long passphrase here\n');
    expect(funder.code).toBe(0);
    expect(funder.out).not.toContain('a long passphrase');

    expect(run(['users', 'add', 'nobody', '--role', 'funder']).code).toBe(1);
    expect(run(['users', 'add', 'x', '--role', 'analyst']).code).toBe(1);
    expect(run(['users', 'add', 'maria', '--role', 'analyst']).code).toBe(1);
    expect(run(['users', 'add', 'eve', '--role', 'superuser']).code).toBe(1);
    expect(run(['users', 'add', 'eve', '--role', 'funder', '--scope', "programme:X'--"]).code).toBe(1);

    expect(run(['users', 'disable', 'maria']).code).toBe(0);
    const list = run(['users', 'list', '--json']);
    const users = JSON.parse(list.out) as { username: string; role: string; disabled: boolean; scope: { programmes: string[]; projects: string[] } }[];
    expect(users.map((u) => [u.username, u.role, u.disabled])).toEqual([
      ['ente-bo', 'funder', false],
      ['maria', 'analyst', true],
    ]);
    expect(users[0].scope).toEqual({ programmes: ['PNMETRO'], projects: ['F31D23000140007'] });
    expect(list.out).not.toMatch(/argon2|password/i);

    const reset = run(['users', 'reset-password', 'maria', '--password-stdin'], 'another long passphrase\n');
    expect(reset.code).toBe(0);
    expect(run(['users', 'reset-password', 'ghost']).code).toBe(1);

    const wh = await Warehouse.open(join(dir, 'osservatorio.duckdb'), { readOnly: true });
    try {
      const dump = JSON.stringify(await wh.rows(`select * from ops.users`)) + JSON.stringify(await wh.rows(`select * from ops.audit`));
      for (const secret of [generated, 'a long passphrase here', 'another long passphrase']) expect(dump).not.toContain(secret);
      const actions = (await wh.rows<{ action: string }>(`select action from ops.audit order by audit_id`)).map((r) => r.action);
      expect(actions).toEqual(['user.add', 'user.add', 'user.disable', 'user.reset_password']);
    } finally {
      wh.close();
    }
  }, 120_000);

  // Few CLI runs (each starts a process and opens DuckDB): the shapes a home may take are checked in tests/security/landing.test.ts.
  it('sets where the dashboard opens for a user: --home on add and set, refused in the wrong form', () => {
    const add = run(['users', 'add', 'dir-ba', '--role', 'director', '--home', 'province:272', '--password-stdin'], 'a long passphrase here\n', homeDir);
    expect(add.code).toBe(0);
    const planet = run(['users', 'set', 'dir-ba', '--home', 'planet:3'], undefined, homeDir);
    expect(planet.code).toBe(1);
    expect(planet.err).toMatch(/LEVEL:CODE/);
    expect(run(['users', 'add', 'dir-bo', '--role', 'director', '--password-stdin'], 'a long passphrase here\n', homeDir).code).toBe(0);
    expect(run(['users', 'set', 'dir-bo', '--home', 'office:BO-CPI'], undefined, homeDir).code).toBe(0);
    const homes = (JSON.parse(run(['users', 'list', '--json'], undefined, homeDir).out) as { username: string; home: unknown }[]).map((u) => [u.username, u.home]);
    expect(homes).toEqual([
      ['dir-ba', { level: 'province', code: '272' }],
      ['dir-bo', { level: 'office', code: 'BO-CPI' }],
    ]);
  }, 240_000);
});
