// Scratch folders of a load (XLSX as CSV, transcoded CSV) never outlive it:
// removed when the load ends, whatever the outcome, and those of a process
// that was killed are removed by the next load.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFile } from '../../ingest/loadFile.ts';
import { sweepScratchDirs } from '../../ingest/tempDirs.ts';
import { tempDir } from '../helpers/warehouse.ts';
import * as d from './data.ts';
import { useSeededWarehouse } from './setup.ts';

const scratch = (root: string) =>
  readdirSync(root).filter((n) => /^osservatorio-(ingest|connector)-/.test(n));

describe('scratch folders of a load', () => {
  const w = useSeededWarehouse();
  let root: string;
  let savedTmp: string | undefined;
  beforeEach(() => {
    // os.tmpdir() reads TMPDIR on every call: the load's folders land here, away from other tests'.
    root = tempDir('osservatorio-scratch-root-');
    savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = root;
  });
  afterEach(() => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    rmSync(root, { recursive: true, force: true });
  });

  it('are gone after loads that were refused for any reason, and after one that loaded', async () => {
    const t = w.get();
    const files = join(t.dir, 'scratch-files');
    mkdirSync(files, { recursive: true });
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Dati').addRow(d.PLACEMENT_HEADER);
    await wb.xlsx.writeFile(join(files, 'placements_header_only.xlsx'));
    const cp1252 = Buffer.from(d.csv(['è_colonna', 'x'], [['caffè', '1']]), 'latin1');
    const cases: [string, string | Buffer, string | undefined][] = [
      ['placements_header_only.xlsx', '', undefined],
      ['placements_header_only.xlsx', '', 'NoSuchSheet'],
      ['placements_garbage.xlsx', Buffer.from('PK\x03\x04 not really a zip'), undefined],
      ['placements_cp1252.csv', cp1252, undefined],
      ['placements_dup.csv', 'a,a\n1,2\n', undefined],
      ['placements_ok.csv', d.csv(d.PLACEMENT_HEADER, d.placementRows(2)), undefined],
    ];
    for (const [name, content, sheet] of cases) {
      const path = content === '' ? join(files, name) : d.write(files, name, content);
      await loadFile(t.wh, path, { source: 'test', today: d.TODAY, sheet });
      expect(scratch(root), `${name}${sheet ? ` (sheet ${sheet})` : ''}`).toEqual([]);
    }
  });

  it('left by a process killed with -9 are removed by the next load', async () => {
    // A real process that is then killed: its pid is certainly gone.
    const child = spawn('sleep', ['60']);
    const pid = child.pid!;
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    const dead = join(root, `osservatorio-ingest-${pid}-AbC123`);
    mkdirSync(dead);
    d.write(dead, 'sheet.csv', 'half,written\n');
    const t = w.get();
    const file = d.write(t.dir, 'placements_after_kill.csv', 'not,a,feed\n1,2,3\n');
    await loadFile(t.wh, file, { source: 'test', today: d.TODAY });
    expect(scratch(root)).toEqual([]);
  });

  it('sweep: owner gone → removed; owner alive or folder of this process → kept; pid-less only after an hour', () => {
    const make = (name: string, ageMs = 0) => {
      const p = join(root, name);
      mkdirSync(p);
      const at = new Date(Date.now() - ageMs);
      utimesSync(p, at, at);
      return name;
    };
    const gone = make('osservatorio-ingest-4000001-aaaaaa');
    const alive = make('osservatorio-connector-4000002-bbbbbb');
    const mine = make(`osservatorio-ingest-${process.pid}-cccccc`);
    const mineBeforeRestart = make(`osservatorio-ingest-${process.pid}-dddddd`, 2 * 86_400_000);
    const oldPidless = make('osservatorio-ingest-Q1w2E3', 2 * 3_600_000);
    const newPidless = make('osservatorio-ingest-R4t5Y6', 60_000);
    const unrelated = make('osservatorio-test-zzzzzz', 2 * 86_400_000);
    const removed = sweepScratchDirs({ root, isAlive: (pid) => pid === 4000002 });
    expect(removed).toBe(3);
    expect(readdirSync(root).sort()).toEqual([alive, mine, newPidless, unrelated].sort());
    for (const n of [gone, mineBeforeRestart, oldPidless])
      expect(readdirSync(root)).not.toContain(n);
  });
});
