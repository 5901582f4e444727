// The inbox never writes a file name that holds an identifier: not in its log
// lines, not in the run's result (stored as the job run's detail), not in
// ops.loads. A file dropped directly in the inbox is warned about under a
// redacted name too; and a run deletes quarantined personal data whose
// retention is over even when no file is waiting.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/ingestFile.ts';
import { runInbox } from '../../jobs/inbox.ts';
import { createLogger } from '../../runtime/log.ts';
import { ensureDataDirs, resolveDataPaths } from '../../warehouse/paths.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { dropInInbox, employersCsv, testClock } from './helpers.ts';

const CF = 'RSSMRA85T10A562S';

function captureLogger() {
  let text = '';
  const destination = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { logger: createLogger({ destination, level: 'info' }), text: () => text };
}

let t: TempWarehouse | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

describe('inbox and personal data in file names', () => {
  it('logs, returns and records a redacted name, and refuses the file', async () => {
    t = await tempWarehouse();
    const paths = resolveDataPaths({ dataDir: join(t.dir, 'data') });
    ensureDataDirs(paths);
    dropInInbox(paths.dataDir, 'agency1', `employers_${CF}.csv`, employersCsv(2));
    dropInInbox(paths.dataDir, 'agency1', `employers_ok.csv`, employersCsv(2));
    writeFileSync(join(paths.inbox, `stray_${CF.toLowerCase()}.csv`), 'x\n');
    const log = captureLogger();
    const r = await runInbox(t.wh, paths, { settleMs: 0, clock: testClock(), logger: log.logger });
    expect(r.refused).toBe(1);
    expect(r.loaded).toBe(1);
    expect(log.text()).toMatch(/inbox: agency1\/redacted-[0-9a-f]{12}\.csv refused/);
    expect(log.text()).toMatch(/employers_ok\.csv loaded/);
    expect(log.text().toUpperCase()).not.toContain(CF);
    expect(JSON.stringify(r)).not.toContain(CF);
    const names = await t.wh.rows<{ file_name: string }>('select file_name from ops.loads');
    expect(names.map((n) => n.file_name).join(' ')).not.toContain(CF);
  }, 60_000);

  it('deletes quarantined personal data whose retention is over, with no file waiting', async () => {
    t = await tempWarehouse();
    const paths = resolveDataPaths({ dataDir: join(t.dir, 'data') });
    ensureDataDirs(paths);
    const file = dropInInbox(paths.dataDir, 'agency1', 'employers_cf.csv', employersCsv(1));
    writeFileSync(file, readFileSync(file, 'utf8').replace(/(\n[^,\n]*,)/, `$1${CF} `));
    rmSync(file + '.ready');
    const r = await ingestFile(t.wh, paths, file, { source: 'agency1', quarantineHours: 1 });
    expect(r.errors.some((e) => e.rule === 'pii_value')).toBe(true);
    const clock = testClock(new Date(Date.now() + 2 * 3_600_000));
    const log = captureLogger();
    await runInbox(t.wh, paths, { settleMs: 0, clock, logger: log.logger });
    expect(log.text()).toMatch(/QUARANTINE_SWEPT/);
    expect(JSON.parse(readFileSync(r.reportPath!, 'utf8')).personalData.file).toBe('deleted');
  }, 60_000);
});
