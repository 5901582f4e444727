// `osservatorio reference update` as an operator runs it: the real CLI process
// on a real warehouse file; a refusal exits 2 with file, row, column and rule.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { codes, DIR, LIST_2019, LIST_2023, VARIATIONS } from './comuniLists.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'cli', 'osservatorio.js');

function cli(args: string[]) {
  return run(process.execPath, [CLI, ...args]);
}

describe('osservatorio reference update', () => {
  let t: TempWarehouse;
  beforeAll(async () => {
    t = await tempWarehouse();
    t.wh.close();
  });
  afterAll(() => t.cleanup());

  it('loads the older list, refuses the newer one without variations (exit 2), then loads it with them', async () => {
    const first = await cli([
      'reference',
      'update',
      join(DIR, LIST_2019.file),
      '--as-of',
      LIST_2019.asOf,
      '--db',
      t.dbPath,
    ]);
    expect(first.stdout).toContain(
      `Comuni list of ${LIST_2019.asOf} loaded (reference load 1): ${codes(LIST_2019.file).length} comuni`,
    );

    const refused = await cli([
      'reference',
      'update',
      join(DIR, LIST_2023.file),
      '--as-of',
      LIST_2023.asOf,
      '--db',
      t.dbPath,
    ]).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(refused?.code).toBe(2);
    const row = codes(LIST_2019.file).indexOf('012009') + 2;
    expect(refused?.stderr).toContain(
      `${LIST_2019.file}, row ${row}, column 'Codice Comune formato alfanumerico': comune 012009 (Bardello) is not in ${LIST_2023.file}`,
    );
    expect(refused?.stderr).toContain('[unexplained_disappearance]');

    const second = await cli([
      'reference',
      'update',
      join(DIR, LIST_2023.file),
      '--as-of',
      LIST_2023.asOf,
      '--variations',
      join(DIR, VARIATIONS),
      '--db',
      t.dbPath,
      '--json',
    ]);
    const summary = JSON.parse(second.stdout) as {
      referenceLoadId: number;
      rows: number;
      variations: Record<string, number>;
    };
    expect(summary.referenceLoadId).toBe(2);
    expect(summary.rows).toBe(codes(LIST_2023.file).length);
    expect(summary.variations.province_change).toBe(1);
  }, 240_000);

  it('refuses a bad --as-of as a usage error (exit 1)', async () => {
    const e = await cli([
      'reference',
      'update',
      join(DIR, LIST_2023.file),
      '--as-of',
      '10/11/2023',
      '--db',
      t.dbPath,
    ]).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(e?.code).toBe(1);
    expect(e?.stderr).toContain("--as-of must be a date YYYY-MM-DD, got '10/11/2023'");
  }, 240_000);
});
