// authorizedKpi on real marts: funder scopes of each kind, small counts
// protected, unknown KPIs and public users refused, denials audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { seedCore } from './seed.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { authorizedKpi, accessScope, type Principal } from '../../warehouse/access/index.ts';
import { AccessError } from '../../warehouse/access/errors.ts';
import { resolvePolicy } from '../../warehouse/disclosure/index.ts';

const funder = (programmes: string[], projects: string[]): Principal => ({ username: 'f', role: 'funder', scope: { programmes, projects } });
const analyst: Principal = { username: 'a', role: 'analyst', scope: { programmes: [], projects: [] } };

describe('authorizedKpi', () => {
  let t: TempWarehouse;
  beforeAll(async () => {
    t = await tempWarehouse();
    await seedCore(t.wh, { seekers: 300, placements: 300, vacancies: 150 });
    await t.wh.run(`insert into core.programmes (programme_code, name, fund, load_id, loaded_at) values ('REG','Regional','regional',0,now())`);
    await t.wh.run(`insert into core.projects (cup, programme_code, title, beneficiary, load_id, loaded_at) values ('C11C24000000009','REG','Tiny project','Comune',0,now())`);
    await t.wh.run(`insert into core.project_financials (cup, as_of, programmed, admitted, legally_committed, paid, load_id, loaded_at) values ('C11C24000000009','2025-06-30',1000,1000,1000,500,0,now())`);
    await t.wh.run(`update core.placements set programme_code = 'REG', cup = 'C11C24000000009' where placement_id in (select placement_id from core.placements where cup is null limit 2)`);
    await refreshMarts(t.wh);
  }, 60_000);
  afterAll(() => t.cleanup());

  const rows = async (user: Principal | undefined, code: string, request = {}) =>
    (await authorizedKpi(t.wh, user, code, request, { policy: resolvePolicy({ threshold: 5 }, {}) })).rows;

  it('a scope with a programme and a project of another programme sees exactly both (OR, not AND)', async () => {
    const got = await rows(funder(['GOL'], ['F31D23000140007']), 'SP_CPP');
    expect(got.map((r) => r.project).sort()).toEqual(['B11B22000000001', 'F31D23000140007']);
  });

  it('a project of an in-scope programme is in scope; any other is 403 and audited', async () => {
    const u = funder(['GOL'], []);
    expect((await rows(u, 'SP_CPP', { filters: { project: 'B11B22000000001' } })).length).toBe(1);
    await expect(rows(u, 'SP_CPP', { filters: { project: 'F31D23000140007' } })).rejects.toMatchObject({ status: 403 });
    await expect(rows(u, 'SP_CPP', { filters: { programme: ['GOL', 'PNMETRO'] } })).rejects.toMatchObject({ status: 403 });
    const audit = await t.wh.rows<{ target: string; detail: string }>(`select target, detail from ops.audit where actor = 'f' and action = 'deny'`);
    expect(audit.length).toBeGreaterThanOrEqual(2);
    expect(audit.every((a) => a.target === 'SP_CPP' && a.detail === 'FORBIDDEN')).toBe(true);
  });

  it('small counts reach a funder suppressed with flag c', async () => {
    const [row] = await rows(funder(['REG'], []), 'SP_CPP');
    expect(row.placements).toBeNull();
    expect(row.placements_flag).toBe('c');
    const [internal] = await rows(analyst, 'SP_CPP', { filters: { project: 'C11C24000000009' } });
    expect(internal.placements).toBe(2);
  });

  it('refuses funders on KPIs that cannot be scoped, public users, and unknown KPIs', async () => {
    await expect(rows(funder(['GOL'], []), 'MM_VAC')).rejects.toMatchObject({ status: 403 });
    await expect(rows(undefined, 'SP_CPP')).rejects.toMatchObject({ status: 401 });
    await expect(rows(analyst, 'NO_SUCH_KPI')).rejects.toBeInstanceOf(AccessError);
    await expect(rows(analyst, 'SP_CPP', { sql: 'select 1' })).rejects.toMatchObject({ status: 400 });
  });

  it('cache scopes never collide', () => {
    expect(accessScope(funder(['B'], ['F31D23000140007']))).toBe(accessScope(funder(['B'], ['F31D23000140007'])));
    expect(accessScope(funder(['A'], []))).not.toBe(accessScope(funder(['B'], [])));
    expect(accessScope(analyst)).toBe('analyst');
    expect(accessScope(undefined)).toBe('public');
  });
});
