// The CLI as a user runs it (child process, no TTY): init, demo, and sql —
// which answers SELECTs and refuses writes and file access with exit code 2,
// writing nothing.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/warehouse.ts';
import { cli } from './cli.ts';

describe('osservatorio init / demo / sql', () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    dir = tempDir();
    db = join(dir, 'o.duckdb');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--help works for each command', { timeout: 120_000 }, () => {
    for (const cmd of ['init', 'demo', 'sql']) {
      const r = cli(cmd, '--help');
      expect(r.code, cmd).toBe(0);
      expect(r.stdout).toContain(`Usage: osservatorio ${cmd}`);
    }
  });

  it('a reading command on a data dir with no warehouse says so, without a stack trace, and creates nothing', () => {
    const empty = join(dir, 'never-initialised');
    for (const args of [['loads', 'list'], ['users', 'list'], ['kpi', 'list']]) {
      const r = cli(...args, '--data-dir', empty);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toContain('No warehouse at');
      expect(r.stderr).toContain("osservatorio init");
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    }
    expect(existsSync(empty)).toBe(false);
  });

  it('init creates the data dir layout and loads reference data', () => {
    const dataDir = join(dir, 'data');
    const r = cli('init', '--data-dir', dataDir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ref\.comuni\s+7,896/);
    for (const sub of [
      'inbox',
      'archive',
      'quarantine',
      'backups',
      'open-data',
      'osservatorio.duckdb',
    ])
      expect(existsSync(join(dataDir, sub)), sub).toBe(true);
  });

  it('demo loads and sql prints the exact CUP figure', { timeout: 180_000 }, () => {
    const r = cli('demo', '--scale', '0.02', '--db', db, '--data-dir', join(dir, 'demo-data'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/placements\s+[\d,]+ rows\s+loaded/);
    const q = cli(
      'sql',
      "select paid from core.project_financials where cup = 'F31D23000140007' order by as_of desc limit 1",
      '--db',
      db,
      '--format',
      'csv',
    );
    expect(q.code, q.stderr).toBe(0);
    expect(q.stdout.trim().split('\n')).toEqual(['paid', '605305.62']);
    const j = cli(
      'sql',
      "select cup, paid from core.project_financials where cup = 'F31D23000140007' order by as_of desc limit 1",
      '--db',
      db,
      '--format',
      'json',
    );
    expect(JSON.parse(j.stdout)).toEqual([{ cup: 'F31D23000140007', paid: 605305.62 }]);
    const t = cli(
      'sql',
      "select office_id, kind from core.offices where office_id = 'BA-PFB'",
      '--db',
      db,
    );
    expect(t.stdout).toMatch(/office_id\s+kind\n-+\s+-+\nBA-PFB\s+job_centre\n\(1 row\)/);
  });

  it('bad usage exits 1', () => {
    expect(cli('sql', 'select 1', '--db', db, '--format', 'xml').code).toBe(1);
    expect(cli('demo', '--scale', 'lots', '--db', db).code).toBe(1);
  });

  const refused: [string, string][] = [
    [
      'INSERT',
      "insert into core.offices (office_id, name, kind, comune_code, load_id, loaded_at) values ('X', 'x', 'desk', '072006', 1, now())",
    ],
    ['DROP', 'drop table core.offices'],
    ['COPY … TO', `copy (select * from core.offices) to '${'OUT'}'`],
    ['ATTACH', `attach '${'ATT'}' as other`],
    ['read_csv', "select * from read_csv('/etc/passwd')"],
  ];
  for (const [what, query] of refused) {
    it(`sql refuses ${what} with exit code 2 and writes nothing`, () => {
      const out = join(dir, `written-${what.replace(/\W+/g, '_')}`);
      const r = cli('sql', query.replace('OUT', out).replace('ATT', out), '--db', db);
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toMatch(/osservatorio: (only SELECT|query refused|exactly one statement)/);
      expect(r.stderr).not.toMatch(/root:/); // nothing of /etc/passwd leaks
      expect(existsSync(out)).toBe(false);
    });
  }

  it('the warehouse is unchanged after the refusals', () => {
    const r = cli(
      'sql',
      "select count(*) n from core.offices where office_id = 'X'",
      '--db',
      db,
      '--format',
      'csv',
    );
    expect(r.stdout.trim().split('\n')).toEqual(['n', '0']);
  });
});
