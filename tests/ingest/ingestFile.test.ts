// ingestFile(), the API the inbox job uses: refused → quarantine + report +
// ops.loads.report_path; loaded/duplicate → archive without overwriting; a
// failed load leaves the file where it is and the served data unchanged.
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/ingestFile.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import * as d from './data.ts';
import { OFFICE_HEADER, useSeededWarehouse } from './setup.ts';

describe('ingestFile', () => {
  const w = useSeededWarehouse();
  const opts = { source: 'inbox', today: d.TODAY };

  it('quarantines a refused file beside its report and records the report path', async () => {
    const { wh, dir } = w.get();
    const paths = resolveDataPaths({ dataDir: join(dir, 'data') });
    const inbox = join(dir, 'inbox1');
    mkdirSync(inbox);
    const rows = Array.from({ length: 15 }, (_, i) => [
      `X${i}`,
      `Sede ${i}`,
      'desk',
      '999999',
      'Comune',
    ]);
    const file = d.write(inbox, 'offices_bad.csv', d.csv(OFFICE_HEADER, rows));
    const r = await ingestFile(wh, paths, file, { ...opts, maxExamples: 3 });
    expect(r.status).toBe('refused');
    expect(r.movedTo).toBe(join(paths.quarantine, 'offices_bad.csv'));
    expect(r.reportPath).toBe(join(paths.quarantine, 'offices_bad.csv.report.json'));
    expect(existsSync(file)).toBe(false);
    const report = JSON.parse(readFileSync(r.reportPath!, 'utf8'));
    expect(report.errors).toEqual([
      {
        rule: 'unknown_comune',
        count: 15,
        examples: [2, 3, 4].map((row) => ({
          row,
          column: 'comune_code',
          rule: 'unknown_comune',
          message: expect.stringContaining('not a known comune'),
        })),
      },
    ]);
    expect(
      await wh.scalar('select report_path from ops.loads where load_id = $1', [r.attemptId!]),
    ).toBe(r.reportPath);

    // The same name refused again: a new name, nothing overwritten.
    const again = d.write(inbox, 'offices_bad.csv', d.csv(OFFICE_HEADER, rows.slice(1)));
    const r2 = await ingestFile(wh, paths, again, opts);
    expect(r2.movedTo).toBe(join(paths.quarantine, 'offices_bad-2.csv'));
    expect(readdirSync(paths.quarantine).sort()).toEqual([
      'offices_bad-2.csv',
      'offices_bad-2.csv.report.json',
      'offices_bad.csv',
      'offices_bad.csv.report.json',
    ]);
  });

  it('archives loaded and duplicate files; a failed load leaves the file in place', async () => {
    const { wh, dir } = w.get();
    const paths = resolveDataPaths({ dataDir: join(dir, 'data2') });
    const inbox = join(dir, 'inbox2');
    mkdirSync(inbox);
    const content = d.csv(d.PLACEMENT_HEADER, d.placementRows(4));
    const r = await ingestFile(wh, paths, d.write(inbox, 'placements_x.csv', content), opts);
    expect(r).toMatchObject({
      status: 'loaded',
      rows: 4,
      movedTo: join(paths.archive, 'placements_x.csv'),
      reportPath: null,
    });
    const dup = await ingestFile(wh, paths, d.write(inbox, 'placements_x.csv', content), opts);
    expect(dup).toMatchObject({
      status: 'duplicate',
      loadId: r.loadId,
      movedTo: join(paths.archive, 'placements_x-2.csv'),
    });

    const before = await wh.scalar('select count(*) from core.placements');
    const big = d.write(inbox, 'placements_y.csv', d.csv(d.PLACEMENT_HEADER, d.placementRows(6)));
    const failed = await ingestFile(wh, paths, big, {
      ...opts,
      minFreeBytes: Number.MAX_SAFE_INTEGER,
    });
    expect(failed).toMatchObject({ status: 'failed', movedTo: null, reportPath: null });
    expect(existsSync(big)).toBe(true);
    expect(await wh.scalar('select count(*) from core.placements')).toBe(before);
  });
});
