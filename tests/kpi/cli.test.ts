// `osservatorio kpi` as users run it: --list, table and CSV output, and
// refusals with the CLI's exit codes (1 usage, 2 refused).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { kpiWarehouse } from './fixture.ts';

const exec = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'cli', 'osservatorio.js');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let t: TempWarehouse;
let empty: TempWarehouse;
beforeAll(async () => {
  t = await kpiWarehouse();
  t.wh.close();
  empty = await tempWarehouse({ reference: false });
  empty.wh.close();
}, 60_000);
afterAll(() => {
  t?.cleanup();
  empty?.cleanup();
});

describe('osservatorio kpi', () => {
  it('--list shows every code with its dimensions', async () => {
    const r = await cli(['kpi', '--list', '--format', 'json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { code: string; dimensions: string[] }[];
    expect(list).toHaveLength(25);
    expect(list.find((k) => k.code === 'PL_RATE_6')?.dimensions).toContain('province');
  }, 60_000);

  it('prints a table and CSV', async () => {
    const table = await cli(['kpi', 'MM_FILL', '--by', 'region', '--db', t.dbPath]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/MM_FILL — Tasso di copertura delle offerte/);
    expect(table.stdout).toMatch(/16\s+0\.5\s+3\s+6/);
    expect(table.stdout).toMatch(/mart version 1, as of 2025-06-30/);
    const csv = await cli(['kpi', 'PL_CONV', '--by', 'month', '--where', 'region=08,16', '--format', 'csv', '--db', t.dbPath]);
    expect(csv.stdout.split('\n').slice(0, 2)).toEqual(['month,conversion_rate,converted,eligible,ended', '2024-08,1,1,1,1']);
    // censored month: empty cell for the null rate, never 0
    expect(csv.stdout).toContain('2025-06,,0,0,1');
  }, 60_000);

  it('SP_TGT thresholds from the command line are applied and printed', async () => {
    const r = await cli(['kpi', 'SP_TGT', '--on-track', '0.85', '--at-risk', '0.5', '--format', 'json', '--db', t.dbPath]);
    const out = JSON.parse(r.stdout) as { thresholds: unknown; rows: { status: string | null }[] };
    expect(out.thresholds).toEqual({ onTrack: 0.85, atRisk: 0.5 });
    expect(out.rows.map((x) => x.status)).toEqual(['on_track', 'at_risk', 'on_track', null]);
  }, 60_000);

  it('refuses requests outside the allow-list with exit 1 and the stable code', async () => {
    const r = await cli(['kpi', 'MM_VAC', '--where', "region=16' or 1=1", '--db', t.dbPath]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('INVALID_FILTER_VALUE');
    expect((await cli(['kpi', 'MM_VAC', '--by', 'shoe_size', '--db', t.dbPath])).stderr).toContain('UNKNOWN_DIMENSION');
  }, 60_000);

  it('says to refresh the marts when they were never built (exit 2)', async () => {
    const r = await cli(['kpi', 'MM_VAC', '--db', empty.dbPath]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('osservatorio marts refresh');
  }, 60_000);
});
