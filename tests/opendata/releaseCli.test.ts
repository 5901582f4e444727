// `osservatorio release publish` and `release list` as users run them:
// publish, a late record, a refused back-dated publish that writes nothing,
// publish again; the list shows both releases with their dates and notes.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../warehouse/db.ts';
import type { TempWarehouse } from '../helpers/warehouse.ts';
import { addLatePlacement, seededWarehouse } from './releaseFixture.ts';

const exec = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'cli', 'osservatorio.js');

let t: TempWarehouse;
let dataDir: string;
const run = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args, '--data-dir', dataDir, '--db', t.dbPath], { env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};
const releasesDir = () => join(dataDir, 'open-data', 'releases');
const releaseFolders = () => (existsSync(releasesDir()) ? readdirSync(releasesDir()).sort() : []);

let first: Awaited<ReturnType<typeof run>>;
let backDated: Awaited<ReturnType<typeof run>>;
let second: Awaited<ReturnType<typeof run>>;
let foldersAfterRefusal: string[];
let rowsAfterRefusal: number;

beforeAll(async () => {
  t = await seededWarehouse();
  dataDir = join(t.dir, 'data');
  t.wh.close();
  first = await run('release', 'publish', '--date', '2025-10-31');
  const wh = await Warehouse.open(t.dbPath);
  try {
    await addLatePlacement(wh);
  } finally {
    wh.close();
  }
  backDated = await run('release', 'publish', '--date', '2025-10-30');
  foldersAfterRefusal = releaseFolders();
  const check = await Warehouse.open(t.dbPath, { readOnly: true });
  rowsAfterRefusal = Number(await check.scalar<number>(`select count(*) from ops.open_data_releases`));
  check.close();
  second = await run('release', 'publish', '--date', '2026-01-15');
}, 300_000);
afterAll(() => t?.cleanup());

describe('osservatorio release', () => {
  it('publishes release 1 and prints its number and date', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Rilascio 1 del 31/10/2025');
    expect(first.stdout).toContain('Primo rilascio');
  });

  it('refuses a release dated before the previous one (exit 2) and writes nothing', () => {
    expect(backDated.code).toBe(2);
    expect(backDated.stderr).toContain('RELEASE_DATE_BEFORE_PREVIOUS');
    expect(backDated.stderr).toContain('30/10/2025 is before release 1 (31/10/2025)');
    expect(foldersAfterRefusal).toEqual(['1']);
    expect(rowsAfterRefusal).toBe(1);
  });

  it('publishes release 2 with notes naming the revised cells', () => {
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Rilascio 2 del 15/01/2026');
    expect(second.stdout).toContain('Rispetto al rilascio 1');
    expect(releaseFolders()).toEqual(['1', '2']);
  });

  it('lists both releases with number, date and revision notes, in Italian and English', async () => {
    const it_ = await run('release', 'list');
    expect(it_.code).toBe(0);
    const blocks = it_.stdout.trim().split('\n\n');
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatch(/^Rilascio 1 del 31\/10\/2025 — dati aggiornati al \d\d\/\d\d\/\d{4}\n {2}Periodi provvisori: /);
    expect(blocks[0]).toContain('Primo rilascio');
    expect(blocks[1]).toMatch(/^Rilascio 2 del 15\/01\/2026/);
    // The one late placement in Bari: a count goes up by exactly one.
    expect(blocks[1]).toMatch(/cell[ae] rivist[ae] \(.*: (\d[\d.]*) → (\d[\d.]*)/);
    const [, from, to] = /: ([\d.]+) → ([\d.]+)/.exec(blocks[1])!;
    expect(Number(to.replaceAll('.', '')) - Number(from.replaceAll('.', ''))).toBe(1);
    expect(it_.stdout).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const en = await run('release', 'list', '--lang', 'en');
    expect(en.stdout).toContain('Release 2 of 15/01/2026');
    expect(en.stdout).toContain('Compared with release 1');
    const json = JSON.parse((await run('release', 'list', '--json')).stdout) as { release: number; date: string }[];
    expect(json.map((r) => [r.release, r.date])).toEqual([
      [1, '2025-10-31'],
      [2, '2026-01-15'],
    ]);
  }, 180_000);

  it('refuses a malformed or future date as a usage error (exit 1 / 2), naming the option', async () => {
    const bad = await run('release', 'publish', '--date', '2025-02-30');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--date must be a date YYYY-MM-DD, got '2025-02-30'");
    const future = await run('release', 'publish', '--date', '2999-01-01');
    expect(future.code).toBe(2);
    expect(future.stderr).toContain('in the future');
    expect(releaseFolders()).toEqual(['1', '2']);
  }, 180_000);
});
