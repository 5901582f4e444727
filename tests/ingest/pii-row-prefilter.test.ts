// The PII guard's first pass matches a whole row at once (its cells joined by
// a line break). It must flag exactly the rows in which some cell, matched
// alone, looks like an identifier — whatever sits in the neighbouring cells
// (punctuation, digits, letters) — and skip well-formed pseudonyms and CUPs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { piiPrefilterExpressions, piiRowPrefilterExpression } from '../../ingest/pii/scan.ts';
import { Warehouse } from '../../warehouse/db.ts';
import * as d from './data.ts';

let wh: Warehouse;
beforeAll(async () => {
  wh = await Warehouse.open(':memory:');
});
afterAll(() => wh.close());

const cf = d.fakeCf(4);
const PSEUDONYM = d.hex('person-1');
// Cells that touch a neighbour's edge: an identifier at the very start or end
// of a cell, next to a cell ending in a letter, a digit, a dot or a comma.
const CELLS = [
  null,
  '',
  'nota libera',
  'fine.',
  'importo 1.000,',
  'X',
  '7',
  cf,
  `rif. ${cf}.`,
  'info@example.org',
  '333 1234567',
  '3331234567.',
  d.fakePiva(),
  d.fakeIban(),
  'F31D23000140007',
];

describe('row-level PII prefilter', () => {
  it('flags a row exactly when one of its cells is flagged on its own', async () => {
    await wh.run(`create table t (a VARCHAR, b VARCHAR, p VARCHAR, ok_p BOOLEAN)`);
    const rows: [string | null, string | null, string, boolean][] = [];
    for (const a of CELLS)
      for (const b of CELLS) {
        rows.push([a, b, PSEUDONYM, true]);
        // A malformed "pseudonym" column is scanned like any other cell.
        if (a === 'X') rows.push([a, b, cf, false]);
      }
    for (const r of rows) await wh.run(`insert into t values ($1, $2, $3, $4)`, r);
    await wh.run(`create view v as select rowid as __row, * from t`);
    const columns = [
      { ident: 'a', label: 'a' },
      { ident: 'b', label: 'b' },
      { ident: 'p', label: 'p', skipWhen: 'ok_p' },
    ];
    const perColumn = piiPrefilterExpressions(columns)
      .map((e) => e.replace(/^count\(\*\) filter \(where (.*)\)$/s, '($1)'))
      .join(' or ');
    const row = piiRowPrefilterExpression(columns).replace(
      /^count\(\*\) filter \(where (.*)\)$/s,
      '($1)',
    );
    const disagree = await wh.rows<{ a: string | null; b: string | null }>(
      `select a, b from v where (${perColumn}) <> (${row})`,
    );
    expect(disagree).toEqual([]);
    const flagged = await wh.scalar<number>(`select count(*) from v where ${row}`);
    expect(flagged).toBeGreaterThan(rows.length / 2); // the identifiers are found
    expect(await wh.scalar<number>(`select count(*) from v where not ${row}`)).toBeGreaterThan(0); // and clean rows are not
  });
});
