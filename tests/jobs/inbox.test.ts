// Which inbox files count as complete: ready marker, or unchanged size/mtime
// across two looks; a file still growing, side files and files outside a
// source folder are left alone.
import { appendFileSync, existsSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listInbox, settledFiles } from '../../jobs/inbox.ts';
import { tempDir } from '../helpers/warehouse.ts';
import { cli, dropInInbox, employersCsv, testClock } from './helpers.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('inbox readiness', () => {
  it('takes marked and settled files, not a growing one, side files or files without a source folder', async () => {
    dir = tempDir('osservatorio-inbox-');
    const inbox = join(dir, 'inbox');
    const a = join(inbox, 'agency1');
    mkdirSync(a, { recursive: true });
    writeFileSync(join(inbox, 'stray.csv'), 'x\n');
    writeFileSync(join(a, 'marked.csv'), 'a\n');
    writeFileSync(join(a, 'marked.csv.ready'), '');
    writeFileSync(join(a, 'settled.csv'), 'b\n');
    writeFileSync(join(a, 'growing.csv'), 'c\n');
    writeFileSync(join(a, 'upload.csv.part'), 'd\n');
    writeFileSync(join(a, '.hidden.csv'), 'e\n');
    writeFileSync(join(a, 'empty.csv'), '');
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(a, 'growing.csv'), past, past);

    expect(listInbox(inbox).map((c) => [c.source, c.name, c.marked])).toEqual([
      ['agency1', 'empty.csv', false],
      ['agency1', 'growing.csv', false],
      ['agency1', 'marked.csv', true],
      ['agency1', 'settled.csv', false],
    ]);

    // The sender is still writing between the two looks.
    const clock = testClock();
    const base = clock.sleep;
    clock.sleep = async (ms) => {
      appendFileSync(join(a, 'growing.csv'), 'more\n');
      await base(ms);
    };
    const ready = await settledFiles(inbox, 1000, clock);
    expect(ready.map((c) => c.name)).toEqual(['marked.csv', 'settled.csv']);
    expect(clock.sleeps).toEqual([1000]);
  });
});

describe('jobs run inbox without a server', () => {
  it('loads a marked file in-process on a fresh data dir and records the run', async () => {
    dir = tempDir('osservatorio-inbox-cli-');
    dropInInbox(dir, 'agency9', 'employers_cli.csv', employersCsv(4));
    const run = await cli(['jobs', 'run', 'inbox', '--data-dir', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^inbox: ok \(run \d+, 1 attempt\(s\), 4 rows\)/);
    const hist = await cli(['jobs', 'history', '--files', '--data-dir', dir]);
    expect(hist.stdout).toMatch(/agency9\/employers_cli\.csv loaded 4 rows/);
    expect(existsSync(join(dir, 'archive', 'employers_cli.csv'))).toBe(true);
  }, 60_000);
});
