// The shape of a download in a page's language (warehouse/download.ts): the
// table's headers, names beside codes, the table's digits, Italian ';' and
// decimal comma, the metadata sidecar and the file name.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { downloadFileName, downloadMetadata, downloadTable, metadataToCsv, tableToCsv } from '../../warehouse/download.ts';
import { csvNumber } from '../../warehouse/csv.ts';
import { AS_PUBLISHED } from '../../warehouse/readableNumber.ts';
import { kpiOrThrow } from '../../warehouse/kpi/registry.ts';
import type { KpiResult } from '../../warehouse/kpi/types.ts';

const def = kpiOrThrow('PL_RATE_6');
const result = {
  code: 'PL_RATE_6',
  definition: def,
  request: { dims: ['province'], filters: { region: ['16'] }, from: '2025-01', to: '2025-06' },
  columns: [
    { name: 'province', type: 'dimension', label: { it: 'Provincia', en: 'Province' } },
    { name: 'placement_rate', type: 'measure', unit: 'share', label: { it: 'Tasso di inserimento', en: 'Placement rate' } },
    { name: 'placed', type: 'measure', unit: 'count', label: { it: 'Inseriti', en: 'Placed' } },
  ],
  rows: [
    { province: '272', placement_rate: 0.40123, placed: 1234 },
    { province: '271', placement_rate: null, placement_rate_flag: 'c', placed: null },
  ],
  martVersion: 1,
  asOf: '2025-10-31',
  notes: [],
} as unknown as KpiResult;
const names = { province: new Map([['272', { it: 'Bari', en: 'Bari' }], ['271', { it: 'Barletta-Andria-Trani', en: 'Barletta-Andria-Trani' }]]), region: new Map([['16', { it: 'Puglia', en: 'Apulia' }]]) };

describe('downloads in the page language', () => {
  it('Italian: ; separator, decimal comma, % with the table digits, code and name, flag column', () => {
    const csv = tableToCsv(downloadTable(result, 'it', names), 'it');
    const rows = parse(csv.replace(/^\ufeff/, ''), { delimiter: ';' }) as string[][];
    expect(rows[0]).toEqual(['Provincia (codice)', 'Provincia', 'Tasso di inserimento (%)', 'Tasso di inserimento — segno convenzionale', 'Inseriti']);
    expect(rows[1]).toEqual(['272', 'Bari', '40,1', '', '1234']);
    expect(rows[2]).toEqual(['271', 'Barletta-Andria-Trani', '', 'c', '']);
  });

  it('English: , separator and decimal point', () => {
    const rows = parse(tableToCsv(downloadTable(result, 'en', names), 'en').replace(/^\ufeff/, '')) as string[][];
    expect(rows[0][0]).toBe('Province (code)');
    expect(rows[1]).toEqual(['272', 'Bari', '40.1', '', '1234']);
  });

  it('a figure another body published keeps every decimal it was published with, no more', () => {
    // Eurostat's GDP of Basilicata in 2022 (million euro), a rate, a population, a small share.
    expect([15252.69, 7.3, 541168, 0.125, 1.5e-7].map((v) => csvNumber(v, AS_PUBLISHED, 'it'))).toEqual(['15252,69', '7,3', '541168', '0,125', '0,00000015']);
    expect(csvNumber(15252.69, AS_PUBLISHED, 'en')).toBe('15252.69');
    // The observatory's own counts keep the table's one decimal.
    expect(csvNumber(15252.69, 'count', 'it')).toBe('15252,7');
  });

  it('metadata sidecar: KPI, filters by name, period, as-of date as the pages write it, licence, suppression rule', () => {
    const meta = downloadMetadata(result, { lang: 'it', names, fileName: 'x.csv', threshold: 5 });
    const field = (f: string) => meta.find(([k]) => k === f)?.[1];
    expect(field('Indicatore')).toBe(`${def.name.it} (PL_RATE_6)`);
    expect(field('Filtri')).toBe('Regione: Puglia (16)');
    expect(field('Periodo')).toBe('gennaio 2025 – giugno 2025');
    expect(field('Dati al')).toBe('31/10/2025');
    expect(field('Licenza')).toContain('CC BY 4.0');
    expect(field('Riservatezza')).toContain('meno di 5');
    const rows = parse(metadataToCsv(meta, 'it').replace(/^\ufeff/, ''), { delimiter: ';' }) as string[][];
    expect(rows[0]).toEqual(['campo', 'valore']);
    expect(rows.length).toBe(meta.length + 1);
  });

  it('file name: KPI, cut, filtered place by name, period', () => {
    expect(downloadFileName(result, 'it', names, 'csv')).toBe('osservatorio_PL_RATE_6_per-provincia_puglia_2025-01_2025-06.csv');
    expect(downloadFileName({ ...result, request: { dims: [], filters: {} } } as unknown as KpiResult, 'en', {}, 'xlsx')).toBe('osservatorio_PL_RATE_6_as-of-2025-10-31.xlsx');
  });
});
