// The KPI block's table and its CSV from one list of columns
// (dashboard/src/lib/download/kpiTable.ts): codes beside names where codes
// mean something, periods and computed values by name only, units in the
// headers, the disclosure flag beside its measure, Italian CSV conventions.
import { describe, expect, it } from 'vitest';
import { kpiTableColumns, kpiTableCsv, kpiTableFile } from '../../dashboard/src/lib/download/kpiTable.ts';
import type { KpiView } from '../../dashboard/src/lib/types.ts';

const view: KpiView = {
  code: 'PL_RATE_6',
  name: { it: 'Tasso di inserimento a 6 mesi', en: 'Placement rate at 6 months' },
  unit: 'share',
  value: 'placement_rate',
  higherIsBetter: true,
  dims: ['province', 'quarter'],
  columns: [
    { name: 'province', type: 'dimension', unit: 'text', label: { it: 'Provincia', en: 'Province' } },
    { name: 'quarter', type: 'dimension', unit: 'text', label: { it: 'Trimestre', en: 'Quarter' } },
    { name: 'placement_rate', type: 'measure', unit: 'share', label: { it: 'Tasso di inserimento', en: 'Placement rate' } },
    { name: 'placed', type: 'measure', unit: 'count', label: { it: 'Inseriti', en: 'Placed' } },
  ],
  rows: [
    { province: '072', quarter: '2025-Q3', placement_rate: 0.4012, placed: 1234, placed_flag: null },
    { province: '011', quarter: '2025-Q3', placement_rate: null, placed: null, placed_flag: 'c' },
  ],
  asOf: '2025-10-31',
  names: { province: { '072': { it: 'Bari', en: 'Bari' }, '011': { it: 'La Spezia', en: 'La Spezia' } } },
  error: null,
};
const NAMES: Record<string, Record<string, string>> = { province: { '072': 'Bari', '011': 'La Spezia' }, quarter: { '2025-Q3': 'III trim. 2025' } };
const name = (dim: string, code: string) => NAMES[dim]?.[code] ?? code;

describe('kpiTableColumns', () => {
  it('a province is code and name; a quarter is its name; units in headers; the flag beside its measure', () => {
    const cols = kpiTableColumns(view, 'it', name);
    expect(cols.map((c) => [c.header, c.kind])).toEqual([
      ['Provincia (codice)', 'code'],
      ['Provincia', 'name'],
      ['Trimestre', 'name'],
      ['Tasso di inserimento (%)', 'measure'],
      ['Inseriti', 'measure'],
      ['Inseriti — segno convenzionale', 'flag'],
    ]);
    expect(cols.map((c) => c.text(view.rows[0]))).toEqual(['072', 'Bari', 'III trim. 2025', '40,1%', '1.234', '']);
    expect(cols.map((c) => c.text(view.rows[1]))[5]).toBe('c');
  });

  it('the CSV holds the same cells: ";" and decimal comma in Italian, "," and point in English', () => {
    const it = kpiTableCsv(kpiTableColumns(view, 'it', name), view.rows, 'it').replace(/^\ufeff/, '').split('\r\n');
    expect(it[0]).toBe('Provincia (codice);Provincia;Trimestre;Tasso di inserimento (%);Inseriti;Inseriti — segno convenzionale');
    expect(it[1]).toBe('072;Bari;III trim. 2025;40,1;1234;');
    expect(it[2]).toBe('011;La Spezia;III trim. 2025;;;c');
    const en = kpiTableCsv(kpiTableColumns(view, 'en', name), view.rows, 'en').replace(/^\ufeff/, '').split('\r\n');
    expect(en[0]).toBe('Province (code),Province,Quarter,Placement rate (%),Placed,Placed — flag');
    expect(en[1]).toBe('072,Bari,III trim. 2025,40.1,1234,');
  });

  it('a computed value (a status) is shown by its name only, never as its enum code', () => {
    const status: KpiView = {
      ...view,
      columns: [{ name: 'status', type: 'dimension', unit: 'text', label: { it: 'Stato', en: 'Status' } }, view.columns[3]],
      rows: [{ status: 'on_track', placed: 3 }],
    };
    const cols = kpiTableColumns(status, 'it', (_d, c) => (c === 'on_track' ? 'in linea' : c));
    expect(cols.map((c) => c.header)).toEqual(['Stato', 'Inseriti']);
    expect(cols[0].text(status.rows[0])).toBe('in linea');
  });

  it('the file is named like the data API’s files, from the query and the names', () => {
    const cols = kpiTableColumns(view, 'it', name);
    const f = kpiTableFile(view, cols, view.rows, 'it', 'by=province,quarter&where=province:072&from=2025-01&to=2025-09');
    expect(f.file).toBe('osservatorio_PL_RATE_6_per-provincia-trimestre_bari_2025-01_2025-09.csv');
    expect(decodeURIComponent(f.href.replace(/^data:text\/csv;charset=utf-8,/, ''))).toContain('072;Bari;III trim. 2025;40,1;1234;');
  });
});
