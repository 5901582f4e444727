// ingestFile() routes a public-source file (here the real OpenCoesione slice in
// tests/fixtures/opencoesione, see its README) through the connector found by
// findConnector(), loads every feed file it writes, and archives the original.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/ingestFile.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import { FIXTURES, tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

describe('ingestFile with a public-source file', () => {
  let t: TempWarehouse;
  beforeAll(async () => {
    t = await tempWarehouse();
  });
  afterAll(() => t.cleanup());

  it('OpenCoesione export → connector parts loaded, original archived; again → duplicate', async () => {
    const paths = resolveDataPaths({ dataDir: join(t.dir, 'data') });
    const file = join(t.dir, 'progetti_esteso_20250630.csv');
    copyFileSync(join(FIXTURES, 'opencoesione', 'progetti_esteso_20250630.csv'), file);
    const r = await ingestFile(t.wh, paths, file, { source: 'opencoesione', today: '2025-07-31' });
    expect(r.connector).toBe('opencoesione_progetti');
    // The public file's own checksum, taken while the connector read it.
    expect(r.checksum).toBe(
      createHash('sha256')
        .update(readFileSync(join(FIXTURES, 'opencoesione', 'progetti_esteso_20250630.csv')))
        .digest('hex'),
    );
    expect(r.status, JSON.stringify(r.errors)).toBe('loaded');
    expect(r.parts!.map((p) => [p.feed, p.status])).toEqual([
      ['programmes', 'loaded'],
      ['projects', 'loaded'],
      ['project_financials', 'loaded'],
    ]);
    expect(r.movedTo).toBe(join(paths.archive, 'progetti_esteso_20250630.csv'));
    expect(existsSync(file)).toBe(false);
    expect(
      await t.wh.scalar(`select count(*) from core.projects where cup = 'F31D23000140007'`),
    ).toBe(1);

    copyFileSync(join(FIXTURES, 'opencoesione', 'progetti_esteso_20250630.csv'), file);
    const again = await ingestFile(t.wh, paths, file, {
      source: 'opencoesione',
      today: '2025-07-31',
    });
    expect(again.status).toBe('duplicate');
  });
});
