// XLSX decompression bombs are refused for what they are (`xlsx_too_large`,
// naming the limit, its setting and the value) before exceljs inflates them,
// while a legitimate 100,000-row sheet still loads.
import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { crc32, createDeflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { loadFile } from '../../ingest/loadFile.ts';
import { xlsxLimits } from '../../ingest/readers/xlsxLimits.ts';
import * as d from './data.ts';
import { useSeededWarehouse } from './setup.ts';

interface Part {
  name: string;
  /** Content, given as a chunk repeated `times` times (how a bomb is built without holding it). */
  chunk: string;
  times?: number;
}

/** A stored-by-deflate ZIP written by hand, with honest sizes in its central directory. */
async function writeZip(path: string, parts: Part[]): Promise<void> {
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const chunk = Buffer.from(p.chunk);
    const times = p.times ?? 1;
    let crc = 0;
    const deflate = createDeflateRaw();
    const compressed: Buffer[] = [];
    deflate.on('data', (b: Buffer) => compressed.push(b));
    for (let i = 0; i < times; i++) {
      crc = crc32(chunk, crc);
      if (!deflate.write(chunk)) await once(deflate, 'drain');
    }
    deflate.end();
    await once(deflate, 'end');
    const data = Buffer.concat(compressed);
    const size = chunk.length * times;
    const name = Buffer.from(p.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc >>> 0, 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    out.push(local, name, data);
    central.push(dir, name);
    offset += local.length + name.length + data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...out, dirBytes, end]));
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const skeleton: Part[] = [
  {
    name: '[Content_Types].xml',
    chunk: `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
  },
  {
    name: '_rels/.rels',
    chunk: `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  },
  {
    name: 'xl/workbook.xml',
    chunk: `${XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Dati" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  },
  {
    name: 'xl/_rels/workbook.xml.rels',
    chunk: `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  },
];

describe('XLSX limits', () => {
  const w = useSeededWarehouse();

  it('a shared-strings bomb is refused as xlsx_too_large before it is unpacked', async () => {
    const t = w.get();
    const file = join(t.dir, 'placements_bomb.xlsx');
    // 300 MiB of shared strings that compress to well under a megabyte.
    const si = `<si><t>${'x'.repeat(1000)}</t></si>`.repeat(1024);
    const times = Math.ceil((300 * 1024 * 1024) / si.length);
    await writeZip(file, [
      ...skeleton,
      {
        name: 'xl/worksheets/sheet1.xml',
        chunk: `${XML}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`,
      },
      {
        name: 'xl/sharedStrings.xml',
        chunk: si,
        times,
      },
    ]);
    const started = Date.now();
    const r = await loadFile(t.wh, file, { source: 'test', today: d.TODAY });
    expect(r.status).toBe('refused');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].rule).toBe('xlsx_too_large');
    expect(r.errors[0].message).toMatch(
      /shared strings unpack to 30\d MiB, over the limit of 256 MiB \(OSSERVATORIO_XLSX_MAX_SHARED_STRINGS_MB\)/,
    );
    // Refused from the declared sizes: nothing was inflated.
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 120_000);

  it('rows and shared strings beyond the limits are refused while reading, naming the setting', async () => {
    const t = w.get();
    const file = join(t.dir, 'placements_rows.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Dati');
    ws.addRow(d.PLACEMENT_HEADER);
    for (const row of d.placementRows(50)) ws.addRow(row);
    await wb.xlsx.writeFile(file);
    const rows = await loadFile(t.wh, file, {
      source: 'test',
      today: d.TODAY,
      xlsxLimits: { maxRows: 20 },
    });
    expect(rows.status).toBe('refused');
    expect(rows.errors[0]).toMatchObject({ rule: 'xlsx_too_large' });
    expect(rows.errors[0].message).toMatch(/more than 20 rows.*OSSERVATORIO_XLSX_MAX_ROWS/);
    const strings = await loadFile(t.wh, file, {
      source: 'test',
      today: d.TODAY,
      xlsxLimits: { maxSharedStrings: 10 },
    });
    expect(strings.errors[0].message).toMatch(
      /shared strings table holds \d+, over the limit of 10 \(OSSERVATORIO_XLSX_MAX_SHARED_STRINGS\)/,
    );
    // Within the limits the same workbook loads.
    const ok = await loadFile(t.wh, file, { source: 'test', today: d.TODAY });
    expect(ok.status, JSON.stringify(ok.errors)).toBe('loaded');
    expect(ok.rows).toBe(50);
  }, 60_000);

  it('limits come from options, then the environment, then the defaults', () => {
    const env = { OSSERVATORIO_XLSX_MAX_ROWS: '500', OSSERVATORIO_XLSX_MAX_UNPACKED_MB: '2' };
    expect(xlsxLimits({}, env)).toMatchObject({
      maxRows: 500,
      maxUncompressedBytes: 2 * 1024 * 1024,
    });
    expect(xlsxLimits({ maxRows: 7 }, env).maxRows).toBe(7);
    expect(xlsxLimits({}, {}).maxRows).toBe(1_048_576);
    expect(() => xlsxLimits({}, { OSSERVATORIO_XLSX_MAX_ROWS: 'many' })).toThrow(
      /OSSERVATORIO_XLSX_MAX_ROWS must be a positive number/,
    );
  });

  it('a legitimate 100,000-row sheet still loads', async () => {
    const t = w.get();
    const file = join(t.dir, 'placements_100k.xlsx');
    const stream = createWriteStream(file);
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: true });
    const ws = wb.addWorksheet('Dati');
    ws.addRow(d.PLACEMENT_HEADER).commit();
    for (const row of d.placementRows(100_000)) ws.addRow(row).commit();
    ws.commit();
    await wb.commit();
    const r = await loadFile(t.wh, file, { source: 'test', today: d.TODAY });
    expect(r.status, JSON.stringify(r.errors)).toBe('loaded');
    expect(r.rows).toBe(100_000);
  }, 300_000);
});
