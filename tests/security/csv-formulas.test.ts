// CSV formula injection (OWASP "CSV injection"): a value such as
// =HYPERLINK(…) in an office name or indicator code must reach a spreadsheet
// as text, in every CSV the project writes — data API downloads, open-data
// files, `osservatorio kpi|sql --format csv` and the pages' own CSV links —
// while real negative numbers stay numbers.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { formatCsv } from '../../cli/commands/sql.ts';
import { csvText } from '../../dashboard/src/lib/components/spend/csv.ts';
import { resultToCsv } from '../../server/api/export.ts';
import { neutraliseFormula, toCsvText } from '../../warehouse/csv.ts';
import { kpiToCsv } from '../../warehouse/kpi/format.ts';
import type { KpiResult } from '../../warehouse/kpi/types.ts';
import { toCsv } from '../../warehouse/opendata/formats.ts';
import type { ProtectedTable } from '../../warehouse/disclosure/index.ts';

const PAYLOADS = [
  '=HYPERLINK("http://evil.example/","x")',
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  '+1+cmd',
  '\t=1+1',
  '\r=1+1',
];

/** Every cell of a CSV text (any separator), BOM removed. */
function cells(text: string): string[] {
  const rows = parse(text.replace(/^\ufeff/, ''), { relax_column_count: true }) as string[][];
  return rows.flat();
}

function expectNeutral(text: string): void {
  const all = cells(text);
  for (const p of PAYLOADS) expect(all, `payload ${JSON.stringify(p)}`).toContain(`'${p}`);
  for (const c of all) expect(/^[=+@\t\r]/.test(c) || (/^-/.test(c) && !/^-\d/.test(c)), `cell ${JSON.stringify(c)}`).toBe(false);
}

const kpiResult = {
  code: 'PL_RATE_3',
  columns: [
    { name: 'office', type: 'dimension' },
    { name: 'placements', type: 'measure', unit: 'count' },
  ],
  rows: [...PAYLOADS.map((p) => ({ office: p, placements: 1 })), { office: 'Bari', placements: -12.5 }],
  definition: { code: 'PL_RATE_3', name: { it: 'x', en: 'x' } },
  notes: [],
} as unknown as KpiResult;

describe('CSV formula injection', () => {
  it('the rule: formula starts escaped, plain numbers and ordinary text untouched', () => {
    for (const p of PAYLOADS) expect(neutraliseFormula(p)).toBe(`'${p}`);
    for (const keep of ['-12.5', '-3,2', '+39', '-1e5', 'Bari', "Valle d'Aosta", '', '2025-Q3'])
      expect(neutraliseFormula(keep)).toBe(keep);
    expect(cells(toCsvText([['a', 'b'], [-12.5, '-12.5']]))).toEqual(['a', 'b', '-12.5', '-12.5']);
  });

  it('data API downloads', () => {
    const text = resultToCsv(kpiResult);
    expectNeutral(text);
    expect(cells(text)).toContain('-12.5');
  });

  it('the CLI: kpi --format csv and sql --format csv', () => {
    expectNeutral(kpiToCsv(kpiResult));
    const sql = formatCsv({ columns: ['office', 'n'], rows: [...PAYLOADS.map((p) => [p, 1]), ['Bari', -3]], numeric: [false, true] } as never);
    expectNeutral(sql);
    expect(cells(sql)).toContain('-3');
  });

  it('open-data files', () => {
    const table = { id: 't', columns: ['office', 'n'], rows: PAYLOADS.map((p) => ({ office: p, n: 5 })) } as unknown as ProtectedTable;
    expectNeutral(toCsv(table));
  });

  it("the pages' CSV links", () => {
    expectNeutral(csvText(PAYLOADS.map((p) => ({ project: p, paid: -1 })), ['project', 'paid']));
  });
});
