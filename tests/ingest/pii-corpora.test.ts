// Recall and precision of the PII guard on two corpora (tests/fixtures/pii,
// see its README): synthetic identifiers in the disguises people and exports
// give them, which must all be caught, and real public values (OpenCoesione
// metadata, ATECO, comuni, CP2021, ISCO, and the public-source fixtures of
// this repository), which must all pass. Both are required at 100 %; a miss
// is printed with its family or source so the next pattern change can be
// judged. The SQL candidate pattern must take every identifier too: the
// direct write relies on it to decline a file that the staged path refuses.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { piiKinds } from '../../ingest/pii/detect.ts';
import { FOLDABLE_RANGES } from '../../ingest/pii/foldable.ts';
import { foldableRanges } from '../../ingest/pii/normalise.ts';
import { ANY_PII_PATTERN } from '../../ingest/pii/patterns.ts';
import { Warehouse } from '../../warehouse/db.ts';
import { parseCsv } from '../fixtures/pii/csv.ts';
import { FIXTURES } from '../helpers/warehouse.ts';

const PII = join(FIXTURES, 'pii');
const identifiers = JSON.parse(readFileSync(join(PII, 'identifiers.json'), 'utf8')) as {
  family: string;
  value: string;
}[];

function publicValues(): { source: string; value: string }[] {
  const out = readFileSync(join(PII, 'public-values.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { source: string; value: string });
  for (const folder of ['opencoesione', 'istat', 'eurostat'])
    for (const f of readdirSync(join(FIXTURES, folder)).filter((n) => n.endsWith('.csv'))) {
      const text = readFileSync(join(FIXTURES, folder, f), 'utf8');
      const rows = parseCsv(text, text.split('\n')[0].includes(';') ? ';' : ',');
      for (const row of rows)
        for (const value of row) if (value.trim()) out.push({ source: `${folder}/${f}`, value });
    }
  return out;
}

describe('PII guard on the corpora', () => {
  it('catches every identifier (recall 100 %)', () => {
    const missed = identifiers.filter((i) => !piiKinds(i.value).has(i.family as never));
    const recall = 1 - missed.length / identifiers.length;
    console.log(`recall ${(recall * 100).toFixed(1)} % on ${identifiers.length} identifiers`);
    for (const m of missed) console.log(`missed ${m.family}: ${JSON.stringify(m.value)}`);
    expect(identifiers.length).toBeGreaterThan(150);
    expect(missed).toEqual([]);
  });

  it('passes every public value (precision 100 %)', () => {
    const values = publicValues();
    const flagged = values
      .map((v) => ({ ...v, kinds: [...piiKinds(v.value)] }))
      .filter((v) => v.kinds.length);
    console.log(
      `precision: ${values.length - flagged.length} of ${values.length} public values pass`,
    );
    for (const f of flagged)
      console.log(
        `flagged as ${f.kinds.join(',')} (${f.source}): ${JSON.stringify(f.value.slice(0, 200))}`,
      );
    expect(values.length).toBeGreaterThan(40_000);
    expect(flagged).toEqual([]);
  });

  it('leaves OpenCoesione local project codes and English prose alone', () => {
    for (const v of [
      '4MISECDI_00000429',
      '1MISE123_2014',
      'BO4.4.8.1.a',
      'Research and development managers plan, direct and coordinate research',
    ])
      expect([...piiKinds(v)], v).toEqual([]);
  });
});

describe('PII candidate pattern in SQL', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await Warehouse.open(':memory:');
  });
  afterAll(() => wh.close());

  it('takes every identifier of the corpus as a candidate', async () => {
    await wh.run('create table ids (family VARCHAR, value VARCHAR)');
    for (const i of identifiers)
      await wh.run('insert into ids values ($1, $2)', [i.family, i.value]);
    const missed = await wh.rows<{ family: string; value: string }>(
      'select family, value from ids where not regexp_matches(value, $1)',
      [ANY_PII_PATTERN],
    );
    expect(missed).toEqual([]);
  });

  it('folds the characters Node normalises (the constant matches Unicode data)', () => {
    expect(FOLDABLE_RANGES).toEqual(foldableRanges());
  });
});
