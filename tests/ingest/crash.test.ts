// Kill -9 in the middle of a large load: the data and the ledger entry are
// written in one DuckDB transaction, so after the crash none of the file's
// rows are there, the ledger does not know the file, and loading it again works.
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFile } from '../../ingest/loadFile.ts';
import { scanFile } from '../../ingest/readers/scan.ts';
import { Warehouse } from '../../warehouse/db.ts';
import { migrate } from '../../warehouse/migrate.ts';
import { loadReferenceData } from '../../warehouse/reference/loadReferenceData.ts';
import { tempDir } from '../helpers/warehouse.ts';
import * as d from './data.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const ROWS = 500_000;

describe('a load killed with SIGKILL leaves no trace', () => {
  it(
    'kills the CLI while it writes, then reloads the same file',
    { timeout: 180_000 },
    async () => {
      const dir = tempDir();
      try {
        const dataDir = join(dir, 'data');
        const dbPath = join(dataDir, 'osservatorio.duckdb');
        let wh = await Warehouse.open(dbPath);
        await migrate(wh);
        await loadReferenceData(wh);
        const seed = await loadFile(
          wh,
          d.write(dir, 'employers_seed.csv', d.csv(d.EMPLOYER_HEADER, d.employerRows(3))),
          { source: 'test' },
        );
        expect(seed.status).toBe('loaded');
        wh.close();

        const file = join(dir, 'placements_big.csv');
        await d.writeBigPlacements(file, ROWS);
        const { checksum } = await scanFile(file);

        const child = spawn(
          process.execPath,
          [join(ROOT, 'cli', 'osservatorio.js'), 'ingest', file, '--data-dir', dataDir],
          { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let stdout = '';
        let sawWriting = false;
        child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
        child.stderr.on('data', (b: Buffer) => {
          // The CLI announces each stage; "writing" is printed as the transaction starts.
          if (!sawWriting && b.toString().includes('writing')) {
            sawWriting = true;
            setTimeout(() => child.kill('SIGKILL'), 100);
          }
        });
        const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
          child.on('exit', (_code, sig) => resolve(sig)),
        );
        expect(sawWriting).toBe(true);
        expect(signal).toBe('SIGKILL');
        expect(stdout).not.toMatch(/loaded/);
        expect(existsSync(file)).toBe(true); // not archived: the load never finished

        wh = await Warehouse.open(dbPath);
        try {
          expect(await wh.scalar('select count(*) from core.placements')).toBe(0);
          expect(
            await wh.scalar('select count(*) from ops.file_ledger where checksum = $1', [checksum]),
          ).toBe(0);
          expect(
            await wh.scalar(
              `select count(*) from ops.loads where checksum = $1 and status = 'loaded'`,
              [checksum],
            ),
          ).toBe(0);
          const again = await loadFile(wh, file, { source: 'test' });
          expect(again.status, JSON.stringify(again.errors)).toBe('loaded');
          expect(await wh.scalar('select count(*) from core.placements')).toBe(ROWS);
          expect(
            await wh.scalar('select load_id from ops.file_ledger where checksum = $1', [checksum]),
          ).toBe(again.loadId);
        } finally {
          wh.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it(
    'reports the right row numbers in a file large enough to be read in parallel',
    { timeout: 120_000 },
    async () => {
      const dir = tempDir();
      try {
        const wh = await Warehouse.open(join(dir, 'w.duckdb'));
        try {
          await migrate(wh);
          await loadReferenceData(wh);
          await loadFile(
            wh,
            d.write(dir, 'employers_seed.csv', d.csv(d.EMPLOYER_HEADER, d.employerRows(3))),
            { source: 'test' },
          );
          const file = join(dir, 'placements_rows.csv');
          // Data record i (0-based) is row i + 2: row 1 is the header.
          await d.writeBigPlacements(file, 300_000, [17, 123_456, 299_999]);
          const r = await loadFile(wh, file, { source: 'test' });
          expect(r.status).toBe('refused');
          expect(r.errors).toEqual([
            expect.objectContaining({
              rule: 'unknown_comune',
              count: 3,
              row: 19,
              rows: [19, 123_458, 300_001],
            }),
          ]);
        } finally {
          wh.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
