// The ISTAT Elenco comuni parser on real excerpts of two published files
// (2019 and 2023 headers differ): Windows-1252 decoded, quoted two-line header
// cells recognised, padded codes kept, bad input refused with file/row/column/rule.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseComuniList } from '../../warehouse/reference/comuniList.ts';
import { ReferenceFileError } from '../../warehouse/reference/referenceFileError.ts';
import { FIXTURES } from '../helpers/warehouse.ts';

const DIR = join(FIXTURES, 'reference');
const bytes2019 = readFileSync(join(DIR, 'elenco_comuni_2019_excerpt.csv'));
const bytes2023 = readFileSync(join(DIR, 'elenco_comuni_2023_excerpt.csv'));

/** Data records of the excerpt, split on the file's own CRLF record ends (no quotes in data records). */
function records(bytes: Buffer): string[][] {
  const text = bytes.toString('latin1');
  return text
    .split('\r\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(';'));
}

function refusal(fn: () => unknown): ReferenceFileError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ReferenceFileError) return err;
    throw err;
  }
  throw new Error('expected a ReferenceFileError');
}

describe('parseComuniList', () => {
  it('reads every record of the 2023 excerpt with codes padded and accents decoded', () => {
    const list = parseComuniList(bytes2023, 'elenco_2023.csv');
    expect(list.rows).toHaveLength(records(bytes2023).length);
    expect(list.nutsYear).toBe(2021);
    const montagna = list.rows.find((r) => r.comuneCode === '021053');
    expect(montagna).toMatchObject({
      name: 'Montagna sulla Strada del Vino/Montan an der Weinstraße',
      nameIt: 'Montagna sulla Strada del Vino',
      codRegione: '04',
      codUts: '021',
      sigla: 'BZ',
      codiceCatastale: 'F392',
    });
    // Byte 0xE8 in the file is 'è' in Windows-1252.
    expect(bytes2023.includes(Buffer.from('Agli\xe8', 'latin1'))).toBe(true);
    expect(list.rows.find((r) => r.comuneCode === '001001')).toMatchObject({
      name: 'Agliè',
      codRegione: '01',
      codUts: '201',
    });
    expect(list.rows.find((r) => r.comuneCode === '063049')).toMatchObject({
      sigla: 'NA',
      capoluogoUts: true,
      nuts3: 'ITF33',
    });
    // Row numbers as a spreadsheet shows them: the two-line header is row 1.
    expect(list.rows[0]).toMatchObject({ row: 2, comuneCode: '001001' });
    expect(list.rows.map((r) => r.comuneCode)).toEqual(records(bytes2023).map((c) => c[4]));
  });

  it('finds the columns by header text in the 2019 layout (no Tipologia column, plain NUTS3)', () => {
    const list = parseComuniList(bytes2019, 'elenco_2019.csv');
    const raw = records(bytes2019);
    expect(list.rows).toHaveLength(raw.length);
    expect(list.nutsYear).toBeNull();
    expect(list.rows.find((r) => r.comuneCode === '041033')).toMatchObject({
      name: 'Montecopiolo',
      codUts: '041',
      sigla: 'PU',
      codiceCatastale: 'F478',
    });
    expect(list.rows.find((r) => r.comuneCode === '021053')).toMatchObject({
      name: 'Montagna/Montan',
      nameIt: 'Montagna',
    });
    // Catastale is the 19th header cell in 2019 (index 18), the 20th in 2023.
    expect(list.rows.map((r) => r.codiceCatastale)).toEqual(raw.map((c) => c[18]));
  });

  it('refuses a re-saved UTF-8 copy instead of decoding it wrong', () => {
    const utf8 = Buffer.from(new TextDecoder('windows-1252').decode(bytes2023), 'utf8');
    const err = refusal(() => parseComuniList(utf8, 'resaved.csv'));
    expect(err.issues).toEqual([
      expect.objectContaining({ rule: 'encoding', file: 'resaved.csv' }),
    ]);
  });

  it('refuses a file that is not an Elenco comuni, naming the missing columns', () => {
    const err = refusal(() =>
      parseComuniList(Buffer.from('codice;nome\r\n001001;Agliè\r\n', 'latin1'), 'other.csv'),
    );
    expect(err.issues[0]).toMatchObject({
      rule: 'missing_column',
      file: 'other.csv',
      row: 1,
      column: 'Codice Regione',
    });
  });

  it('refuses an unpadded code and a duplicate with file, row and column', () => {
    const text = bytes2023.toString('latin1');
    const [header, first, second] = text.split('\r\n');
    const unpadded = second!.replace(/;001199;/, ';1199;');
    const bad = Buffer.from([header, first, unpadded, first, ''].join('\r\n'), 'latin1');
    const err = refusal(() => parseComuniList(bad, 'bad.csv'));
    expect(err.issues).toEqual([
      expect.objectContaining({
        rule: 'code_format',
        file: 'bad.csv',
        row: 3,
        column: 'Codice Comune formato alfanumerico',
      }),
      expect.objectContaining({
        rule: 'duplicate_code',
        file: 'bad.csv',
        row: 4,
        column: 'Codice Comune formato alfanumerico',
      }),
    ]);
    expect(err.message).toContain("bad.csv, row 3, column 'Codice Comune formato alfanumerico'");
  });
});
