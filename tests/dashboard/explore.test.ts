// The explorer's URL state (dashboard/src/routes/explore/state.ts) and the
// browser-side Arrow decoding (dashboard/src/lib/charts/arrow.ts), against the
// real query layer's limits and real DuckDB Arrow output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { MAX_GROUP_BY, apiQuery, dataKey, readState, readStateChecked, stateSearch } from '../../dashboard/src/routes/explore/state.ts';
import { arrowRows, kpiViewFromArrow, type KpiMeta } from '../../dashboard/src/lib/charts/arrow.ts';
import { normaliseRequest } from '../../warehouse/kpi/query.ts';
import { kpiOrThrow, listKpis } from '../../warehouse/kpi/registry.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

const kpis = listKpis().map((d) => ({ code: d.code, dimensions: d.dimensions as string[], period: Boolean(d.columns.month) }));

describe('explore URL state', () => {
  it('round-trips through the URL', () => {
    const s = readState(new URLSearchParams('kpi=PL_RATE_6&by=province,gender&where=province:272|237;gender:F&from=2025-01&to=2025-06&view=line'), kpis);
    expect(s).toEqual({ kpi: 'PL_RATE_6', by: ['province', 'gender'], filters: { province: ['272', '237'], gender: ['F'] }, from: '2025-01', to: '2025-06', view: 'line' });
    expect(readState(new URLSearchParams(stateSearch(s)), kpis)).toEqual(s);
    expect(stateSearch(s, 'en')).toContain('lang=en');
    // The mark is not part of the data asked for.
    expect(dataKey({ ...s, view: 'table' })).toBe(dataKey(s));
    expect(new URLSearchParams(apiQuery(s)).get('where')).toBe('province:272|237;gender:F');
  });

  it('reads the form as submitted without JavaScript (repeated by, f.<dim> fields)', () => {
    const s = readState(new URLSearchParams('kpi=MM_VAC&by=province&by=month&f.province=272&f.province=237&from=&to='), kpis);
    expect(s.by).toEqual(['province', 'month']);
    expect(s.filters).toEqual({ province: ['272', '237'] });
    expect(s.from).toBe('');
  });

  it('drops what the KPI does not allow, and periods for KPIs without months', () => {
    const s = readState(new URLSearchParams('kpi=SP_STAGE&by=province,programme&where=shoe:1;programme:X&from=2025-01&view=pie'), kpis);
    expect(s.by).toEqual(['programme']);
    expect(s.filters).toEqual({ programme: ['X'] });
    expect(s.from).toBe('');
    expect(s.view).toBe('auto');
    expect(readState(new URLSearchParams('kpi=MM_VAC&where=broken'), kpis).filters).toEqual({});
  });

  it('reports each part of the URL it does not apply, and opens no KPI for an unknown code', () => {
    const { state, problems } = readStateChecked(new URLSearchParams('kpi=SP_STAGE&by=province,programme&where=shoe:1;programme:X&from=2025-01&view=pie&colour=red'), kpis);
    expect(state.by).toEqual(['programme']);
    expect(problems.map((p) => p.param)).toEqual(['colour', 'by', 'where', 'from', 'view']);
    expect(problems[0]!.problem.it).toBe('parametro sconosciuto: colour');
    expect(problems[3]!.problem.it).toBe('SP_STAGE non ha un periodo mensile');

    const nope = readStateChecked(new URLSearchParams('kpi=NOPE'), kpis);
    expect(nope.state.kpi).toBe('');
    expect(nope.problems).toHaveLength(1);
    expect(nope.problems[0]!.problem.it).toBe('KPI sconosciuto: NOPE');
    expect(nope.problems[0]!.link?.href).toBe('/methodology');

    const broken = readStateChecked(new URLSearchParams('kpi=MM_VAC&where=broken'), kpis).problems;
    expect(broken.map((p) => [p.param, p.outcome.it])).toEqual([['where', 'filtri non applicati']]);
    // What the page itself writes is read without a word.
    const s = readState(new URLSearchParams('kpi=PL_RATE_6&by=province&where=province:272&from=2025-01&to=2025-06&view=line'), kpis);
    expect(readStateChecked(new URLSearchParams(stateSearch(s, 'it')), kpis).problems).toEqual([]);
  });

  it('offers exactly as many group-bys as the query layer accepts', () => {
    const def = kpiOrThrow('PL_RATE_6');
    const dims = (def.dimensions as string[]).filter((d) => !['month', 'quarter', 'year'].includes(d));
    expect(() => normaliseRequest(def, { dims: dims.slice(0, MAX_GROUP_BY) as never })).not.toThrow();
    expect(() => normaliseRequest(def, { dims: dims.slice(0, MAX_GROUP_BY + 1) as never })).toThrow(/At most/);
    const s = readState(new URLSearchParams(`kpi=PL_RATE_6&by=${dims.slice(0, MAX_GROUP_BY + 1).join(',')}`), kpis);
    expect(s.by).toHaveLength(MAX_GROUP_BY);
  });
});

describe('Arrow in the browser', () => {
  let t: TempWarehouse;
  beforeAll(async () => {
    t = await tempWarehouse({ reference: false });
  });
  afterAll(() => t?.cleanup());

  const meta: KpiMeta = {
    code: 'PL_RATE_6',
    name: { it: 'Tasso', en: 'Rate' },
    unit: 'share',
    value: 'placement_rate',
    higherIsBetter: true,
    measures: [
      { name: 'placement_rate', unit: 'share', label: { it: 'Tasso', en: 'Rate' } },
      { name: 'placed', unit: 'count', label: { it: 'Inseriti', en: 'Placed' } },
    ],
  };

  it('decodes a DuckDB Arrow stream into the rows the JSON API gives', async () => {
    const sql = `select * from (values ('272', 75::bigint, 0.401::double), ('237', 55::bigint, null::double)) v(province, placed, placement_rate)`;
    const table = await t.wh.arrow(sql);
    const view = await kpiViewFromArrow(tableToIPC(table, 'stream'), meta, { province: { it: 'Provincia', en: 'Province' } });
    expect(view.rows).toEqual(await t.wh.rows(sql));
    expect(view.rows[0]).toEqual({ province: '272', placed: 75, placement_rate: 0.401 });
    expect(view.columns.map((c) => [c.name, c.type, c.unit])).toEqual([
      ['province', 'dimension', 'text'],
      ['placed', 'measure', 'count'],
      ['placement_rate', 'measure', 'share'],
    ]);
    expect(view.columns[0].label.it).toBe('Provincia');
    expect(view.dims).toEqual(['province']);
    expect(arrowRows(table)).toEqual(view.rows);
  });

  it('turns 64-bit integers (BigInt in apache-arrow) into numbers', async () => {
    const table = tableFromArrays({ province: ['272', '237'], placed: BigInt64Array.from([75n, 9007199254740991n]) });
    expect(typeof table.get(0)!.placed).toBe('bigint');
    const view = await kpiViewFromArrow(tableToIPC(table, 'stream'), meta, {});
    expect(view.rows).toEqual([
      { province: '272', placed: 75 },
      { province: '237', placed: 9007199254740991 },
    ]);
  });
});
