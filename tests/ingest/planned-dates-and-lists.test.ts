// Regressions: planned dates may lie in the future (a running project's planned
// end, a 2029 target), while event dates may not; list columns are checked
// element by element against their code list.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFile } from '../../ingest/loadFile.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

let t: TempWarehouse;
beforeEach(async () => {
  t = await tempWarehouse();
});
afterEach(() => t.cleanup());

const P = 'a'.repeat(64);
const TODAY = '2025-10-31';

function write(name: string, text: string): string {
  const path = join(t.dir, name);
  writeFileSync(path, text);
  return path;
}

describe('planned dates', () => {
  it('loads a target due after the load date, but refuses a registration after it', async () => {
    const targets = write(
      'targets_x.csv',
      'target_id,scope,scope_id,indicator_code,due_date,target_value,kind\nT1,programme,PNMETRO,EECO01,2029-12-31,1000,target\n',
    );
    const ok = await loadFile(t.wh, targets, { source: 'test', today: TODAY });
    expect(ok.status).toBe('loaded');

    write('offices_x.csv', 'office_id,name,kind,comune_code\nO1,Ufficio,cpi,072006\n');
    expect((await loadFile(t.wh, join(t.dir, 'offices_x.csv'), { source: 'test', today: TODAY })).status).toBe('loaded');
    const seekers = write('job_seekers_x.csv', `person_id,office_id,registered_on\n${P},O1,2026-01-10\n`);
    const refused = await loadFile(t.wh, seekers, { source: 'test', today: TODAY });
    expect(refused.status).toBe('refused');
    expect(refused.errors.map((e) => [e.rule, e.column, e.row])).toContainEqual(['future_date', 'registered_on', 2]);
  });
});

describe('list columns against their code list', () => {
  beforeEach(async () => {
    write('offices_x.csv', 'office_id,name,kind,comune_code\nO1,Ufficio,cpi,072006\n');
    expect((await loadFile(t.wh, join(t.dir, 'offices_x.csv'), { source: 'test', today: TODAY })).status).toBe('loaded');
  });

  it('loads known target groups and keeps them as a list', async () => {
    const file = write('job_seekers_ok.csv', `person_id,office_id,registered_on,target_groups\n${P},O1,2025-01-10,youth_neet|women\n`);
    const r = await loadFile(t.wh, file, { source: 'test', today: TODAY });
    expect(r.status).toBe('loaded');
    expect(await t.wh.scalar('select target_groups from core.job_seekers')).toEqual(['youth_neet', 'women']);
  });

  it('refuses a list holding one unknown code, naming row and column', async () => {
    const file = write(
      'job_seekers_bad.csv',
      `person_id,office_id,registered_on,target_groups\n${P},O1,2025-01-10,youth_neet\n${'b'.repeat(64)},O1,2025-01-11,women|aliens\n`,
    );
    const r = await loadFile(t.wh, file, { source: 'test', today: TODAY });
    expect(r.status).toBe('refused');
    expect(r.errors.map((e) => [e.rule, e.column, e.row])).toContainEqual(['code_list', 'target_groups', 3]);
    expect(await t.wh.scalar('select count(*) from core.job_seekers')).toBe(0);
  });
});
