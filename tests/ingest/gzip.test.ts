// Gzip-compressed files as publishers give them (Eurostat's bulk download
// hands out `<dataset>.tsv.gz`): the real Eurostat excerpt, compressed here,
// loads exactly as the plain file does — every figure, the dataset named from
// the file name without `.gz` — and is archived compressed. The same content
// sent plain afterwards is a duplicate. A file that would unpack past a
// limit, or a damaged one, is refused unread with the rule and the setting,
// quarantined beside its report, and nothing is loaded.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/ingestFile.ts';
import { gzipLimits, unpackedName } from '../../ingest/readers/gzip.ts';
import { resolveDataPaths, type DataPaths } from '../../warehouse/paths.ts';
import { cellsOf, POPULATION_TSV } from '../helpers/eurostatTsv.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

const opts = { source: 'eurostat', today: '2025-07-31' };

let t: TempWarehouse;
let paths: DataPaths;
let inbox: string;
beforeAll(async () => {
  t = await tempWarehouse();
  paths = resolveDataPaths({ dataDir: join(t.dir, 'data') });
  inbox = join(t.dir, 'inbox');
  mkdirSync(inbox);
});
afterAll(() => t.cleanup());

const loaded = () => t.wh.scalar<number>(`select count(*) from core.context_stats`);

describe('gzip-compressed files', () => {
  it('a Eurostat .tsv.gz loads every cell of the TSV inside it, and is archived compressed', async () => {
    const file = join(inbox, 'demo_r_pjanaggr3.tsv.gz');
    writeFileSync(file, gzipSync(readFileSync(POPULATION_TSV)));
    const r = await ingestFile(t.wh, paths, file, opts);
    expect(r.status, JSON.stringify(r.errors)).toBe('loaded');
    expect(r.file).toBe('demo_r_pjanaggr3.tsv.gz');
    expect(r.connector).toBe('eurostat_tsv');
    // One row per cell of the file, read here from the plain excerpt.
    const cells = cellsOf(POPULATION_TSV).cells;
    expect(await loaded()).toBe(cells.length);
    expect(await t.wh.scalar(`select count(distinct dataset) from core.context_stats`)).toBe(1);
    expect(await t.wh.scalar(`select min(dataset) from core.context_stats`)).toBe('DEMO_R_PJANAGGR3');
    const basilicata2022 = cells.find((c) => c.dims.join(',') === 'NR,T,TOTAL,ITF5' && c.period === '2022')!;
    expect(
      await t.wh.scalar(`select value from core.context_stats where source_territory = 'ITF5' and sex = 'T' and age = 'TOTAL' and period = '2022'`),
    ).toBe(Number(basilicata2022.cell.trim()));
    expect(r.movedTo).toBe(join(paths.archive, 'demo_r_pjanaggr3.tsv.gz'));
    expect(readFileSync(r.movedTo!).subarray(0, 2).toString('hex')).toBe('1f8b');
    expect(existsSync(file)).toBe(false);
  });

  it('the same content sent plain is a duplicate: nothing loads twice', async () => {
    const before = await loaded();
    const plain = join(inbox, 'demo_r_pjanaggr3.tsv');
    copyFileSync(POPULATION_TSV, plain);
    const r = await ingestFile(t.wh, paths, plain, opts);
    expect(r.status).toBe('duplicate');
    expect(await loaded()).toBe(before);
  });

  it('refuses, unread, a file that would unpack past the limit, naming the setting; nothing loads', async () => {
    const before = await loaded();
    // 64 MiB of one repeated line: a few hundred KB compressed.
    const line = Buffer.from('NR,T,TOTAL,ITF5\t1 \n');
    const file = join(inbox, 'estat_bomb.tsv.gz');
    writeFileSync(file, gzipSync(Buffer.concat([Buffer.from('unit,sex,age,geo\\time\t2022 \n'), Buffer.alloc(64 * 1024 * 1024 - 64, line)])));
    const r = await ingestFile(t.wh, paths, file, { ...opts, gzipLimits: { maxUncompressedBytes: 32 * 1024 * 1024, maxRatio: 1e6 } });
    expect(r.status).toBe('refused');
    expect(r.errors).toEqual([
      { rule: 'gzip_too_large', message: expect.stringMatching(/more than 32 MiB \(OSSERVATORIO_GZIP_MAX_UNPACKED_MB\); unpacking stopped after 33 MiB/) },
    ]);
    expect(r.movedTo).toBe(join(paths.quarantine, 'estat_bomb.tsv.gz'));
    expect(JSON.parse(readFileSync(r.reportPath!, 'utf8')).errors[0].rule).toBe('gzip_too_large');
    expect(await t.wh.scalar(`select status from ops.loads where load_id = $1`, [r.attemptId!])).toBe('refused');
    expect(await loaded()).toBe(before);
    // And by ratio: the same file within the size limit unpacks to far more than 200 times its size.
    const again = join(inbox, 'estat_bomb.tsv.gz');
    copyFileSync(r.movedTo!, again);
    const byRatio = await ingestFile(t.wh, paths, again, opts);
    expect(byRatio.errors.map((e) => [e.rule, /OSSERVATORIO_GZIP_MAX_RATIO/.test(e.message)])).toEqual([['gzip_too_large', true]]);
  });

  it('refuses a damaged archive with gzip\'s reason; nothing loads', async () => {
    const before = await loaded();
    const whole = gzipSync(readFileSync(POPULATION_TSV));
    const file = join(inbox, 'nama_10r_3gdp.tsv.gz');
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    const r = await ingestFile(t.wh, paths, file, opts);
    expect(r.status).toBe('refused');
    expect(r.errors.map((e) => e.rule)).toEqual(['unreadable']);
    expect(r.errors[0].message).toMatch(/cannot be unpacked .*download it again/);
    expect(await loaded()).toBe(before);
    expect(readdirSync(paths.quarantine)).toContain('nama_10r_3gdp.tsv.gz.report.json');
  });

  it('names the unpacked file without .gz, and reads its limits from the environment', () => {
    expect(unpackedName('/in/estat_nama_10r_3gdp.tsv.gz')).toBe('estat_nama_10r_3gdp.tsv');
    expect(unpackedName('placements.CSV.GZ')).toBe('placements.CSV');
    expect(gzipLimits({}, { OSSERVATORIO_GZIP_MAX_UNPACKED_MB: '10', OSSERVATORIO_GZIP_MAX_RATIO: '50' })).toEqual({
      maxUncompressedBytes: 10 * 1024 * 1024,
      maxRatio: 50,
    });
    expect(() => gzipLimits({}, { OSSERVATORIO_GZIP_MAX_RATIO: 'many' })).toThrow(/OSSERVATORIO_GZIP_MAX_RATIO must be a positive number/);
  });
});
