// The one CSV dialect sniffer and the one "piece cut inside a UTF-8
// character" check, shared by the loader, the connectors and the pseudonymise
// tool; and the connectors' checksum taken while they stream a file.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { readRecords } from '../../ingest/connectors/csv.ts';
import { StreamedChecksum } from '../../ingest/connectors/streamedChecksum.ts';
import { sniffCsvDialect } from '../../ingest/readers/csvDialect.ts';
import { decodingStream } from '../../ingest/readers/decodingStream.ts';
import { isUtf8Start, utf8CutTail } from '../../ingest/readers/utf8.ts';
import { tempDir } from '../helpers/warehouse.ts';

const dir = tempDir('osservatorio-dialect-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('utf8CutTail / isUtf8Start', () => {
  const euro = Buffer.from('€'); // e2 82 ac
  it('counts the bytes of a character cut at the end, and only those', () => {
    expect(utf8CutTail(Buffer.from('ab'))).toBe(0);
    expect(utf8CutTail(Buffer.concat([Buffer.from('a'), euro]))).toBe(0);
    expect(utf8CutTail(Buffer.concat([Buffer.from('a'), euro.subarray(0, 2)]))).toBe(2);
    expect(utf8CutTail(Buffer.concat([Buffer.from('a'), euro.subarray(0, 1)]))).toBe(1);
  });
  it('a cut character is UTF-8 in a head, not at the end of a whole file', () => {
    const cut = Buffer.concat([Buffer.from('città;'), euro.subarray(0, 2)]);
    expect(isUtf8Start(cut, false)).toBe(true);
    expect(isUtf8Start(cut, true)).toBe(false);
    expect(isUtf8Start(Buffer.from([0x61, 0xe0, 0x3b]), false)).toBe(false); // Windows-1252 à
  });
});

describe('sniffCsvDialect', () => {
  it('reads the header record across a quoted line break, with the delimiter outside quotes', () => {
    const r = sniffCsvDialect(Buffer.from('"a;\nb",c,d\n1,2,3\n'), { wholeFile: true });
    expect(r).toMatchObject({ ok: true, dialect: { delimiter: ',', headers: ['a;\nb', 'c', 'd'], linesBeforeHeader: 0, quote: '"' } });
  });
  it("honours Excel's sep= line and a UTF-8 BOM", () => {
    const r = sniffCsvDialect(Buffer.from('\uFEFFsep=;\r\na,b;c\r\n'), { wholeFile: true });
    expect(r).toMatchObject({ ok: true, dialect: { encoding: 'utf-8', bomBytes: 3, delimiter: ';', headers: ['a,b', 'c'], linesBeforeHeader: 1 } });
  });
  it('judges the encoding on the head unless a full scan has told', () => {
    const cp1252 = Buffer.from([0x63, 0x69, 0x74, 0x74, 0xe0, 0x3b, 0x78, 0x0a]); // città;x
    expect(sniffCsvDialect(cp1252, { wholeFile: true })).toMatchObject({ ok: true, dialect: { encoding: 'windows-1252', headers: ['città', 'x'] } });
    const utf8 = Buffer.from('città;x\n');
    expect(sniffCsvDialect(utf8, { wholeFile: false })).toMatchObject({ ok: true, dialect: { encoding: 'utf-8' } });
    expect(sniffCsvDialect(utf8, { wholeFile: false, utf8: false })).toMatchObject({ ok: true, dialect: { encoding: 'windows-1252' } });
  });
  it('refuses a tab-separated file, an empty file and a header that never ends', () => {
    expect(sniffCsvDialect(Buffer.from('a\tb\n1\t2\n'), { wholeFile: true })).toMatchObject({ ok: false, rule: 'wrong_delimiter' });
    expect(sniffCsvDialect(Buffer.alloc(0), { wholeFile: true })).toMatchObject({ ok: false, rule: 'empty_file' });
    const long = sniffCsvDialect(Buffer.from('"a,' + 'x'.repeat(2047)), { wholeFile: false });
    expect(long).toMatchObject({ ok: false, rule: 'malformed_csv' });
    expect(long.ok || long.message).toContain('longer than 2 KiB');
  });
});

describe('decodingStream', () => {
  it('decodes Windows-1252 by the WHATWG table (0x80 is €), and drops a UTF-8 BOM', async () => {
    const cp = await text(Readable.from([Buffer.from([0x31, 0x80, 0x92])]).pipe(decodingStream('windows-1252')));
    expect(cp).toBe('1€’');
    const euro = Buffer.from('\uFEFF€');
    const utf8 = await text(Readable.from([euro.subarray(0, 4), euro.subarray(4)]).pipe(decodingStream('utf-8')));
    expect(utf8).toBe('€');
  });
});

describe('StreamedChecksum', () => {
  const file = join(dir, 'public.csv');
  writeFileSync(file, '\uFEFFA;B\n1;2\n3;4\n');

  it('is the SHA-256 of every byte (BOM included), with no second read, when the connector reads to the end', async () => {
    const copy = join(dir, 'gone.csv');
    writeFileSync(copy, readFileSync(file));
    const checksum = new StreamedChecksum();
    const records: string[][] = [];
    for await (const r of readRecords(copy, checksum)) records.push(r);
    expect(records).toEqual([['A', 'B'], ['1', '2'], ['3', '4']]);
    rmSync(copy); // a second pass over the file would now fail
    expect(await checksum.digest(copy)).toBe(sha256(file));
  });

  it('still is the whole file’s when the connector stopped early or read it twice', async () => {
    const stopped = new StreamedChecksum();
    for await (const r of readRecords(file, stopped)) {
      expect(r).toEqual(['A', 'B']);
      break;
    }
    expect(await stopped.digest(file)).toBe(sha256(file));
    const twice = new StreamedChecksum();
    for (let i = 0; i < 2; i++) for await (const _ of readRecords(file, twice));
    expect(await twice.digest(file)).toBe(sha256(file));
  });
});
