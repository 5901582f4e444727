// The same KPI through every consumer path gives the same numbers:
// queryKpi (rows), queryKpiArrow (Arrow table) and the CLI as a child process
// (`osservatorio kpi … --format json`). The HTTP path is checked by the dashboard tests.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempWarehouse } from '../helpers/warehouse.ts';
import { queryKpi, queryKpiArrow } from '../../warehouse/kpi/query.ts';
import type { KpiRequest } from '../../warehouse/kpi/types.ts';
import { kpiWarehouse } from './fixture.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'cli', 'osservatorio.js');

const CASES: [string, KpiRequest, string[]][] = [
  ['MM_FILL', { dims: ['region'] }, ['--by', 'region']],
  ['PL_RATE_6', { dims: ['month'], from: '2024-05', to: '2024-12' }, ['--by', 'month', '--from', '2024-05', '--to', '2024-12']],
  ['SP_PAID', { dims: ['programme'], filters: { project: ['B11B22000000001', 'F31D23000140007'] } }, ['--by', 'programme', '--where', 'project=B11B22000000001,F31D23000140007']],
  ['MM_TIGHT', { filters: { region: '16' } }, ['--where', 'region=16']],
];

function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  return v ?? null;
}

let t: TempWarehouse;
const inProcess: Record<string, { rows: unknown[]; arrow: unknown[] }> = {};

beforeAll(async () => {
  t = await kpiWarehouse();
  for (const [code, request] of CASES) {
    const rows = (await queryKpi(t.wh, code, request)).rows;
    const table = await queryKpiArrow(t.wh, code, request);
    const arrow = table.toArray().map((r: Record<string, unknown>) =>
      Object.fromEntries(table.schema.fields.map((f) => [f.name, plain(r[f.name])])),
    );
    inProcess[code] = { rows, arrow };
  }
  t.wh.close(); // the CLI process needs the file
}, 90_000);
afterAll(() => t?.cleanup());

describe('one number, every path', () => {
  it.each(CASES)('%s: queryKpi = queryKpiArrow = CLI json', async (code, _request, args) => {
    const { rows, arrow } = inProcess[code];
    expect(rows.length).toBeGreaterThan(0);
    expect(arrow).toEqual(rows);
    const { stdout } = await run(process.execPath, [CLI, 'kpi', code, ...args, '--format', 'json', '--db', t.dbPath], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    const cli = JSON.parse(stdout) as { rows: unknown[]; code: string };
    expect(cli.code).toBe(code);
    expect(cli.rows).toEqual(rows);
  }, 60_000);
});
