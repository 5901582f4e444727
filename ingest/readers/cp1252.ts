// Windows-1252 → UTF-8, streaming, into a file we own. Excel on Windows saves
// "CSV" in this code page (€ is byte 0x80, à is 0xE0); DuckDB reads UTF-8 only
// when offline, and Node's TextDecoder treats windows-1252 as Latin-1 (0x80 →
// U+0080, not €), so the 0x80–0x9F block is mapped here by the WHATWG table.
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

/** Code points of bytes 0x80–0x9F in windows-1252 (WHATWG encoding standard). */
const HIGH_BLOCK = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039,
  0x0152, 0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

/** Decodes windows-1252 bytes to a string (single-byte code page: chunk edges are safe). */
export function decodeCp1252(bytes: Buffer): string {
  return bytes
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => String.fromCharCode(HIGH_BLOCK[c.charCodeAt(0) - 0x80]));
}

export async function transcodeCp1252ToUtf8(input: string, output: string): Promise<void> {
  const toUtf8 = new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, Buffer.from(decodeCp1252(chunk), 'utf8'));
    },
  });
  await pipeline(
    createReadStream(input, { highWaterMark: 1 << 20 }),
    toUtf8,
    createWriteStream(output),
  );
}
