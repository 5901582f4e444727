// The PII guard and public publications: a column the mapping declares public
// (a printed territory label, the publication's name) is left alone; every
// other column is still scanned, so a contact e-mail slipped into a column the
// mapping does not vouch for refuses the file. Both directions on the real
// COB excerpt, through the one load path.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/ingestFile.ts';
import { mappingConnector } from '../../ingest/official/connector.ts';
import { MAPPINGS_DIR } from '../../ingest/official/index.ts';
import { parseMapping } from '../../ingest/official/mapping.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { COB, cobRows } from './fixture.ts';

const MAPPING = join(MAPPINGS_DIR, 'mlps_cob_regionale_trimestrale.yaml');
// A (made-up) personal address where the annex's file name should be.
const EMAIL = 'mario.rossi@example.it';

function cobWithEmailInFileOrigin(dir: string): string {
  const lines = readFileSync(COB, 'utf8').split('\r\n');
  lines[5] = lines[5].replace('Allegato-III-Trimestre-CO-2025.xlsx', EMAIL);
  const file = join(dir, 'co_regionale.csv');
  writeFileSync(file, lines.join('\r\n'));
  return file;
}

describe('public columns of a publication mapping and the PII guard', () => {
  let t: TempWarehouse;
  beforeEach(async () => {
    t = await tempWarehouse();
  });
  afterEach(() => t.cleanup());

  const ingest = (file: string, yaml: string) =>
    ingestFile(t.wh, resolveDataPaths({ dataDir: t.dir }), file, {
      source: 'osservatorio',
      keepOriginal: true,
      connector: mappingConnector(parseMapping(yaml, 'cob.yaml')),
    });

  it('the shipped mapping: printed labels load as published', async () => {
    const r = await ingest(COB, readFileSync(MAPPING, 'utf8'));
    expect(r.status, JSON.stringify(r.errors)).toBe('loaded');
    expect(
      await t.wh.scalar('select count(distinct source_territory) from core.official_series'),
    ).toBe(new Set(cobRows().map((x) => x.regione)).size);
  });

  it('a column the mapping does not declare public is still scanned: an e-mail refuses the file', async () => {
    const strict = readFileSync(MAPPING, 'utf8').replace(
      'public_columns: [regione, file_origine]',
      'public_columns: [regione]',
    );
    const r = await ingest(cobWithEmailInFileOrigin(t.dir), strict);
    expect(r.status).toBe('refused');
    const pii = r.errors.filter((e) => e.rule === 'pii_value');
    expect(pii.map((e) => [e.column, e.kind])).toEqual([['publication', 'email']]);
    expect(JSON.stringify(r.errors)).not.toContain(EMAIL);
    expect(await t.wh.scalar('select count(*) from core.official_series')).toBe(0);
  });
});
