// The `ingest` and `loads` commands end to end in a child process, as a clerk
// runs them: per-file lines, exit codes, quarantine with a report that names
// row, column and kind but never the value — neither there nor on stderr —
// archive without overwriting, and revert from the command line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/warehouse.ts';
import { rmSync } from 'node:fs';
import * as d from './data.ts';
import { OFFICE_HEADER } from './setup.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'cli', 'osservatorio.js'), ...args], {
    encoding: 'utf8',
    cwd: ROOT,
    env: { ...process.env, TZ: 'Europe/Rome' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('osservatorio ingest / loads', () => {
  let dir: string;
  let dataDir: string;
  const cf = d.fakeCf(11);
  beforeAll(() => {
    dir = tempDir();
    dataDir = join(dir, 'data');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a directory in feed order, quarantines the bad file with a value-free report, exits 2', () => {
    const inbox = join(dir, 'in');
    mkdirSync(inbox);
    // Named so that alphabetical order would load placements before employers.
    d.write(inbox, 'a_placements.csv', d.csv(d.PLACEMENT_HEADER, d.placementRows(4)));
    d.write(inbox, 'employers_2025.csv', d.csv(d.EMPLOYER_HEADER, d.employerRows(3)));
    d.write(
      inbox,
      'offices_bad.csv',
      d.csv(OFFICE_HEADER, [['BO1', 'CPI Bologna', 'cpi', d.BOLOGNA, `referente ${cf}`]]),
    );
    const r = cli('ingest', inbox, '--data-dir', dataDir, '--source', 'cpi-bo');
    expect(r.code, r.stdout + r.stderr).toBe(2);
    const lines = r.stdout.split('\n');
    expect(lines.findIndex((l) => l.startsWith('employers_2025.csv'))).toBeLessThan(
      lines.findIndex((l) => l.startsWith('a_placements.csv')),
    );
    expect(r.stdout).toMatch(/employers_2025\.csv: feed employers, 3 rows, loaded \(load \d+\)/);
    expect(r.stdout).toMatch(/a_placements\.csv: feed placements, 4 rows, loaded/);
    expect(r.stdout).toMatch(/offices_bad\.csv: feed offices, 1 row, refused/);
    expect(r.stdout).toMatch(/row 2, column operator: .*codice fiscale.*\[pii_value\]/);
    const reportPath = join(dataDir, 'quarantine', 'offices_bad.csv.report.json');
    expect(r.stdout).toContain(`report: ${reportPath}`);
    const reportText = readFileSync(reportPath, 'utf8');
    const report = JSON.parse(reportText);
    expect(report).toMatchObject({
      file: 'offices_bad.csv',
      feed: 'offices',
      status: 'refused',
      errors: [
        {
          rule: 'pii_value',
          count: 1,
          examples: [{ row: 2, column: 'operator', rule: 'pii_value' }],
        },
      ],
    });
    for (const text of [reportText, r.stdout, r.stderr]) {
      expect(text).not.toContain(cf);
      expect(text.toLowerCase()).not.toContain(cf.toLowerCase());
    }
    // Refused for personal data: kept owner-only, for a bounded time, and the report says so.
    const kept = join(dataDir, 'quarantine', 'personal-data', 'offices_bad.csv');
    expect(statSync(kept).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dataDir, 'quarantine', 'offices_bad.csv'))).toBe(false);
    expect(report.personalData).toMatchObject({ file: 'kept' });
    expect(readdirSync(join(dataDir, 'archive')).sort()).toEqual([
      'a_placements.csv',
      'employers_2025.csv',
    ]);
    // Files named on the command line are the user's: copied, never moved.
    expect(readdirSync(inbox).sort()).toEqual([
      'a_placements.csv',
      'employers_2025.csv',
      'offices_bad.csv',
    ]);
    // Only the owner-only quarantine copy exists beside it, and the user is told to delete theirs.
    expect(r.stdout).toMatch(/the original file still holds personal data: delete it/);
  });

  it('the same file again is a duplicate (exit 0) and is archived under a new name', () => {
    const again = join(dir, 'again');
    mkdirSync(again);
    d.write(again, 'employers_2025.csv', d.csv(d.EMPLOYER_HEADER, d.employerRows(3)));
    const r = cli('ingest', join(again, 'employers_2025.csv'), '--data-dir', dataDir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/duplicate \(already loaded by load \d+\)/);
    expect(readdirSync(join(dataDir, 'archive')).sort()).toEqual([
      'a_placements.csv',
      'employers_2025-2.csv',
      'employers_2025.csv',
    ]);
  });

  it('--dry-run checks without loading or moving; a loaded file stays where it was, archive gets a copy', () => {
    const f = d.write(dir, 'placements_dry.csv', d.csv(d.PLACEMENT_HEADER, d.placementRows(6)));
    const dry = cli('ingest', f, '--dry-run', '--data-dir', dataDir);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/valid \(dry run, nothing written\)/);
    expect(existsSync(f)).toBe(true);
    const load = cli('ingest', f, '--data-dir', dataDir);
    expect(load.code, load.stdout + load.stderr).toBe(0);
    expect(existsSync(f)).toBe(true);
    const archived = join(dataDir, 'archive', 'placements_dry.csv');
    expect(readFileSync(archived, 'utf8')).toBe(readFileSync(f, 'utf8'));
    expect(load.stdout).toContain(`archived: ${archived}`);
  });

  it('--move moves the file into archive/ as the inbox does', () => {
    const f = d.write(dir, 'employers_moved.csv', d.csv(d.EMPLOYER_HEADER, d.employerRows(2)));
    const r = cli('ingest', f, '--move', '--data-dir', dataDir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(existsSync(f)).toBe(false);
    expect(existsSync(join(dataDir, 'archive', 'employers_moved.csv'))).toBe(true);
  });

  it('loads list / show / revert', () => {
    const list = cli('loads', 'list', '--json', '--status', 'loaded', '--data-dir', dataDir);
    expect(list.code).toBe(0);
    const loads = JSON.parse(list.stdout) as { load_id: number; file_name: string; feed: string }[];
    const latest = loads.find((l) => l.file_name === 'placements_dry.csv')!;
    expect(latest.feed).toBe('placements');
    const show = cli('loads', 'show', String(latest.load_id), '--data-dir', dataDir);
    expect(show.stdout).toMatch(/rows: +6 in file, 6 current, 4 earlier rows replaced/);
    const revert = cli('loads', 'revert', String(latest.load_id), '--data-dir', dataDir);
    expect(revert.code, revert.stderr).toBe(0);
    expect(revert.stdout).toMatch(/reverted: 6 rows removed, 4 earlier rows restored/);
    const twice = cli('loads', 'revert', String(latest.load_id), '--data-dir', dataDir);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/only a loaded load can be reverted/);
    expect(cli('loads', 'show', '99999', '--data-dir', dataDir).code).toBe(1);
  }, 180_000); // five CLI runs in a row; each starts tsx and opens DuckDB
});
