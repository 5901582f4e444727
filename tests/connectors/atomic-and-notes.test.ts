// A public file that a connector splits into several feed files loads whole
// or not at all: a refusal in the second feed (projects) rolls back the first
// (programmes) — no rows, no ledger entry, both parts recorded as refused —
// and the corrected file then loads. What the connector skipped (a row
// without a CUP) reaches the report beside the archived file and the CLI
// output as counts and row numbers, never as values.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPublicFile } from '../../ingest/connectors/loadPublicFile.ts';
import { ingestFile } from '../../ingest/ingestFile.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import { FIXTURES, tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const OC = join(FIXTURES, 'opencoesione', 'progetti_esteso_20250630.csv');
const TODAY = '2025-07-31';

/** The fixture with an impossible start date (13th month) on its first project. */
function withBadStartDate(dir: string): string {
  const lines = readFileSync(OC, 'utf8').split('\n');
  const header = lines[0].split(';');
  const start = header.indexOf('OC_DATA_INIZIO_PROGETTO');
  const first = lines[1].split(';'); // no quoted `;` in this record
  expect(first[start]).toBe('20231215');
  first[start] = '20231315';
  lines[1] = first.join(';');
  const out = join(dir, 'progetti_esteso_20250630.csv');
  writeFileSync(out, lines.join('\n'));
  return out;
}

describe('a public file split into feed files', () => {
  let t: TempWarehouse;
  beforeEach(async () => {
    t = await tempWarehouse();
  });
  afterEach(() => t.cleanup());

  it('a refusal in the second feed leaves nothing of the first; the corrected file then loads', async () => {
    const bad = withBadStartDate(t.dir);
    const r = await loadPublicFile(t.wh, bad, { source: 'opencoesione', today: TODAY });
    expect(r!.results.map((x) => [x.feed, x.status])).toEqual([
      ['programmes', 'refused'],
      ['projects', 'refused'],
    ]);
    expect(r!.results[0].errors.map((e) => e.rule)).toEqual(['part_rolled_back']);
    expect(r!.results[0].errors[0].message).toMatch(/projects part of the same file was refused/);
    expect(r!.results[0].loadId).not.toBeNull(); // the attempt is recorded
    expect(r!.results[1].errors.map((e) => [e.rule, e.column, e.row])).toEqual([
      ['type', 'start_date', 2],
    ]);
    // Nothing of the programmes part stayed: rows, ledger, a 'loaded' history entry.
    expect(await t.wh.scalar('select count(*) from core.programmes')).toBe(0);
    expect(await t.wh.scalar('select count(*) from core.projects')).toBe(0);
    expect(await t.wh.scalar('select count(*) from ops.file_ledger')).toBe(0);
    expect(await t.wh.rows(`select feed, status from ops.loads order by load_id`)).toEqual([
      { feed: 'programmes', status: 'refused' },
      { feed: 'projects', status: 'refused' },
    ]);

    const good = await loadPublicFile(t.wh, OC, { source: 'opencoesione', today: TODAY });
    expect(good!.results.map((x) => [x.feed, x.status])).toEqual([
      ['programmes', 'loaded'],
      ['projects', 'loaded'],
      ['project_financials', 'loaded'],
    ]);
    expect(await t.wh.scalar('select count(*) from core.programmes')).toBe(2);
    expect(await t.wh.scalar('select count(*) from ops.file_ledger')).toBe(3);
  });

  it('a dry run checks the parts against each other and writes nothing', async () => {
    const r = await loadPublicFile(t.wh, OC, {
      source: 'opencoesione',
      today: TODAY,
      dryRun: true,
    });
    expect(r!.results.map((x) => [x.feed, x.status, x.loadId])).toEqual([
      ['programmes', 'loaded', null],
      ['projects', 'loaded', null],
      ['project_financials', 'loaded', null],
    ]);
    for (const table of ['core.programmes', 'core.projects', 'ops.file_ledger', 'ops.loads'])
      expect(await t.wh.scalar(`select count(*) from ${table}`)).toBe(0);
  });

  it('ingestFile quarantines the whole file with one report naming both parts', async () => {
    const paths = resolveDataPaths({ dataDir: join(t.dir, 'data') });
    const bad = withBadStartDate(t.dir);
    const r = await ingestFile(t.wh, paths, bad, { source: 'opencoesione', today: TODAY });
    expect(r.status).toBe('refused');
    expect(r.movedTo).toBe(join(paths.quarantine, 'progetti_esteso_20250630.csv'));
    const report = JSON.parse(readFileSync(r.reportPath!, 'utf8'));
    expect(report.errors.map((e: { rule: string }) => e.rule).sort()).toEqual([
      'part_rolled_back',
      'type',
    ]);
    expect(await t.wh.scalar('select count(*) from core.programmes')).toBe(0);
  });

  it('connector notes reach the report beside the archived file, as counts and rows only', async () => {
    const paths = resolveDataPaths({ dataDir: join(t.dir, 'data') });
    const file = join(t.dir, 'progetti_esteso_20250630.csv');
    copyFileSync(OC, file);
    const r = await ingestFile(t.wh, paths, file, { source: 'opencoesione', today: TODAY });
    expect(r.status).toBe('loaded');
    expect(r.notes).toEqual([
      expect.objectContaining({ rule: 'skipped_no_cup', count: 1, rows: [5] }),
    ]);
    expect(r.reportPath).toBe(join(paths.archive, 'progetti_esteso_20250630.csv.report.json'));
    const text = readFileSync(r.reportPath!, 'utf8');
    const report = JSON.parse(text);
    expect(report.status).toBe('loaded');
    expect(report.notes).toEqual([
      {
        rule: 'skipped_no_cup',
        count: 1,
        examples: [
          {
            row: 5,
            column: null,
            rule: 'skipped_no_cup',
            message: '1 row without a CUP skipped (a project is keyed by its CUP)',
          },
        ],
      },
    ]);
    // Values of the skipped row (its local code and title) appear nowhere.
    expect(text).not.toMatch(/TESTOC-0003|senza CUP/);
    expect(
      await t.wh.scalar(`select count(*) from ops.loads where report_path = $1`, [r.reportPath!]),
    ).toBe(3);
  });
});

describe('osservatorio ingest prints connector notes', () => {
  let t: TempWarehouse;
  beforeEach(async () => {
    t = await tempWarehouse({ reference: false });
    t.wh.close();
  });
  afterEach(() => t.cleanup());

  it('shows what was skipped with its row numbers and the report path, never a value', () => {
    const dataDir = join(t.dir, 'data');
    const file = join(t.dir, 'progetti_esteso_20250630.csv');
    copyFileSync(OC, file);
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'cli', 'osservatorio.js'), 'ingest', file, '--data-dir', dataDir],
      { encoding: 'utf8', cwd: ROOT, env: { ...process.env, TZ: 'Europe/Rome' } },
    );
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(
      'note: 1 row without a CUP skipped (a project is keyed by its CUP) (row 5) [skipped_no_cup]',
    );
    const report = join(dataDir, 'archive', 'progetti_esteso_20250630.csv.report.json');
    expect(r.stdout).toContain(`report: ${report}`);
    expect(existsSync(report)).toBe(true);
    expect(r.stdout + r.stderr).not.toMatch(/TESTOC-0003|senza CUP/);
  }, 120_000);
});
