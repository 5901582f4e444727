// The commands as a clerk runs them: exit codes, messages without values,
// key file mode, refusal of unsafe key places.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/warehouse.ts';

const CLI = join(import.meta.dirname, '..', '..', 'cli', 'osservatorio.js');
const dir = tempDir('osservatorio-pseudo-cli-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, OSSERVATORIO_DATA_DIR: join(dir, 'data') } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('osservatorio keygen / pseudonymise', () => {
  it('keygen: 0 with key_id, 1 on overwrite, 2 inside the repository', () => {
    const key = join(dir, 'owner.key');
    const ok = run('keygen', '--out', key);
    expect(ok.code).toBe(0);
    const id = /key_id ([0-9a-f]{8})/.exec(ok.out)?.[1];
    expect(id).toBeDefined();
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(ok.out).not.toContain(readFileSync(key, 'utf8').trim());
    expect(run('keygen', '--out', key).code).toBe(1);
    const inRepo = run('keygen', '--out', join(import.meta.dirname, 'should-not-exist.key'));
    expect(inRepo.code).toBe(2);
    expect(inRepo.err).toContain('KEY_IN_REPOSITORY');
  });

  it('pseudonymise: 0 with a summary of names only, 2 for a short key, 1 for a missing input', () => {
    const input = join(dir, 'in.csv');
    writeFileSync(input, 'codice_fiscale;nome;office_id\nRSSMRA85T10A562S;Mario;BO01\n');
    const ok = run('pseudonymise', input, '--out', join(dir, 'out.csv'), '--key-file', join(dir, 'owner.key'));
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('dropped: nome');
    expect(ok.out).not.toContain('Mario');
    expect(ok.out).not.toContain('RSSMRA85T10A562S');
    const short = join(dir, 'short.key');
    writeFileSync(short, 'ab'.repeat(16));
    const refused = run('pseudonymise', input, '--out', join(dir, 'out2.csv'), '--key-file', short);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('KEY_TOO_SHORT');
    expect(run('pseudonymise', join(dir, 'missing.csv'), '--out', join(dir, 'out3.csv'), '--key-file', join(dir, 'owner.key')).code).toBe(1);
  });
});
