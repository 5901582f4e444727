// The territory parser and resolver behind the picker (dashboard/src/lib/server/territory.ts):
// URL forms, allow-list shape checks, parents filled in, stale children dropped,
// and the per-KPI filter that says when a KPI cannot be cut at the chosen level.
import { describe, expect, it } from 'vitest';
import { parseTerritory, resolveTerritory, territoryFilter, territoryParams } from '../../dashboard/src/lib/server/territory.ts';
import type { TerritoryTree } from '../../warehouse/kpi/territories.ts';

// A slice of the real reference lists (ISTAT codes): Puglia/Bari and Emilia-Romagna/Bologna.
const TREE: TerritoryTree = {
  regions: [
    { code: '08', name: 'Emilia-Romagna' },
    { code: '16', name: 'Puglia' },
  ],
  provinces: [
    { code: '237', name: 'Bologna', region: '08' },
    { code: '272', name: 'Bari', region: '16' },
  ],
  comuni: [
    { code: '072006', name: 'Bari', province: '272', region: '16', hasOffice: true },
    { code: '072027', name: 'Modugno', province: '272', region: '16', hasOffice: true },
  ],
  offices: [
    { code: 'BA-PFB', name: 'Porta Futuro Bari', comune: '072006', province: '272', region: '16' },
    { code: 'BO-CPI', name: 'Centro per l’impiego di Bologna', comune: '037006', province: '237', region: '08' },
  ],
};

const resolve = (q: string) => resolveTerritory(parseTerritory(new URLSearchParams(q)), TREE);
const PL_RATE_DIMS = ['region', 'province', 'comune', 'office', 'programme', 'quarter'];
const PL_QUAL_DIMS = ['region', 'province', 'comune', 'programme', 'contract_type'];
const SP_PAID_DIMS = ['programme', 'project'];

describe('parseTerritory', () => {
  it('reads the picker params, the first slice ?province= and the compact ?territory=level:code', () => {
    expect(parseTerritory(new URLSearchParams('region=16&province=272&comune=072006')).selection).toEqual({
      region: '16',
      province: '272',
      comune: '072006',
      office: '',
    });
    expect(parseTerritory(new URLSearchParams('province=072')).selection.province).toBe('072');
    expect(parseTerritory(new URLSearchParams('territory=office:BA-PFB')).selection.office).toBe('BA-PFB');
    // ?territory= wins for its level
    expect(parseTerritory(new URLSearchParams('province=237&territory=province:272')).selection.province).toBe('272');
  });

  it('refuses values outside the allow-list shape without keeping them', () => {
    const p = parseTerritory(new URLSearchParams("province=27&comune=72006&office=a'b&territory=planet:3"));
    expect(p.selection).toEqual({ region: '', province: '', comune: '', office: '' });
    expect(p.refused.map((r) => r.param)).toEqual(['province', 'comune', 'office', 'territory']);
    const problems = resolveTerritory(p, TREE).problems;
    const province = problems.find((x) => x.param === 'province')!;
    expect(province.problem.it).toBe('codice provincia non valido: 27');
    expect(province.expected.it).toBe('codice ISTAT della provincia, 3 cifre, es. 272');
    expect(problems.find((x) => x.param === 'territory')!.expected.en).toBe('level:code, e.g. province:272');
  });
});

describe('resolveTerritory', () => {
  it('fills in parents from the most specific choice', () => {
    expect(resolve('comune=072006').selection).toEqual({ region: '16', province: '272', comune: '072006', office: '' });
    const office = resolve('office=BA-PFB');
    expect(office.selection).toEqual({ region: '16', province: '272', comune: '', office: 'BA-PFB' });
    expect(office.chain.map((p) => p.level)).toEqual(['region', 'province', 'office']);
    expect(resolve('province=237').chain.map((p) => p.name)).toEqual(['Emilia-Romagna', 'Bologna']);
  });

  it('a parent chosen on its own wins: children of another parent are dropped (the no-JavaScript flow)', () => {
    expect(resolve('region=08&province=272&comune=072006').selection).toEqual({ region: '08', province: '', comune: '', office: '' });
    expect(resolve('province=237&office=BA-PFB').selection).toEqual({ region: '08', province: '237', comune: '', office: '' });
  });

  it('unknown codes are reported and ignored; comune and office together keep the office', () => {
    const r = resolve('province=999');
    expect(r.chain).toEqual([]);
    expect(r.problems[0]!.problem.it).toBe('codice provincia sconosciuto: 999');
    expect(r.problems[0]!.param).toBe('province');
    const both = resolve('province=272&comune=072027&office=BA-PFB');
    expect(both.selection.office).toBe('BA-PFB');
    expect(both.selection.comune).toBe('');
    expect(both.problems.map((p) => p.outcome.en)).toEqual(['showing the office']);
  });

  it('a real province without offices (no data) is named, not called unknown', () => {
    const tree = { ...TREE, unlisted: [{ code: '215', name: 'Milano', region: '03' }] };
    const r = resolveTerritory(parseTerritory(new URLSearchParams('province=215')), tree);
    expect(r.chain).toEqual([]);
    expect(r.problems.map((p) => p.problem.it)).toEqual(['Provincia di Milano (215): nessun dato per questo territorio']);
    expect(r.problems[0]!.outcome.it).toMatch(/non applicato/);
  });

  it('territoryParams gives the link parameters of the resolved selection', () => {
    expect(territoryParams(resolve('comune=072006').selection)).toEqual([
      ['region', '16'],
      ['province', '272'],
      ['comune', '072006'],
    ]);
  });
});

describe('territoryFilter', () => {
  it('filters on the chosen place when the KPI allows its level', () => {
    expect(territoryFilter(PL_RATE_DIMS, resolve('office=BA-PFB'))).toEqual({
      filters: { office: ['BA-PFB'] },
      applied: { level: 'office', code: 'BA-PFB', name: 'Porta Futuro Bari' },
      note: null,
    });
    expect(territoryFilter(PL_RATE_DIMS, resolve('')).filters).toEqual({});
  });

  it('falls back to the nearest level the KPI allows, and says so', () => {
    const f = territoryFilter(PL_QUAL_DIMS, resolve('office=BA-PFB'));
    expect(f.filters).toEqual({ province: ['272'] });
    expect(f.note!.en).toBe('This indicator cannot be cut by office (Porta Futuro Bari): shown for province Bari.');
    expect(f.note!.it).toContain('mostrato per provincia Bari');
  });

  it('a KPI without territorial dimensions is shown for all territories, with a note', () => {
    const f = territoryFilter(SP_PAID_DIMS, resolve('province=272'));
    expect(f.filters).toEqual({});
    expect(f.applied).toBeNull();
    expect(f.note!.en).toBe('This indicator cannot be cut by territory: shown for all territories, not only Bari.');
  });
});
