// The quarantine listing the operations page shows: each refused file once,
// with its report beside it (JSON first, else text), cut at 4,000
// characters; dotfiles and the reports themselves are not listed; a missing
// folder lists nothing instead of failing the page.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listQuarantine } from '../../ingest/quarantine.ts';
import { tempDir } from '../helpers/warehouse.ts';

describe('quarantine listing', () => {
  const dir = tempDir('osservatorio-quarantine-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('pairs each file with its report and leaves reports and dotfiles out', async () => {
    const q = join(dir, 'quarantine');
    mkdirSync(q);
    writeFileSync(join(q, 'bad.csv'), 'a,b\n');
    writeFileSync(join(q, 'bad.csv.report.json'), JSON.stringify({ rules: 'x'.repeat(5000) }));
    writeFileSync(join(q, 'old.csv'), 'a,b\n');
    writeFileSync(join(q, 'old.csv.report.txt'), 'header missing');
    writeFileSync(join(q, 'bare.csv'), 'a,b\n');
    writeFileSync(join(q, '.partial'), '');
    const listed = (await listQuarantine(q)).sort((a, b) => a.name.localeCompare(b.name));
    expect(listed.map((f) => f.name)).toEqual(['bad.csv', 'bare.csv', 'old.csv']);
    expect(listed[0].report).toHaveLength(4000);
    expect(listed[0].report!.startsWith('{"rules":"xxx')).toBe(true);
    expect(listed[1].report).toBeNull();
    expect(listed[2].report).toBe('header missing');
  });

  it('a missing folder lists nothing', async () => {
    expect(await listQuarantine(join(dir, 'absent'))).toEqual([]);
  });
});
