// Looks at the start of a CSV file: byte-order mark, encoding (UTF-8 or
// Windows-1252, the two a job-centre PC produces) and delimiter (`;` from an
// Italian Excel, `,` otherwise).
import { Transform } from 'node:stream';
import { open } from 'node:fs/promises';

export interface CsvShape {
  encoding: 'utf-8' | 'windows-1252';
  bom: boolean;
  delimiter: ',' | ';';
}

const SAMPLE_BYTES = 256 * 1024;

/** True when `bytes` is valid UTF-8, ignoring a sequence cut at the end of the sample. */
export function isUtf8(bytes: Uint8Array, complete: boolean): boolean {
  let end = bytes.length;
  if (!complete) {
    // Step back over a multi-byte sequence the sample cut in half.
    let i = end - 1;
    let back = 0;
    while (i >= 0 && back < 3 && (bytes[i] & 0xc0) === 0x80) {
      i--;
      back++;
    }
    if (i >= 0 && bytes[i] >= 0xc0) end = i;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/** Counts `ch` outside double quotes in the header line. */
function countOutsideQuotes(line: string, ch: string): number {
  let inQuotes = false;
  let n = 0;
  for (const c of line) {
    if (c === '"') inQuotes = !inQuotes;
    else if (c === ch && !inQuotes) n++;
  }
  return n;
}

export function detectDelimiter(text: string): ',' | ';' {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  return countOutsideQuotes(firstLine, ';') > countOutsideQuotes(firstLine, ',') ? ';' : ',';
}

export async function sniffCsv(path: string): Promise<CsvShape> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SAMPLE_BYTES, 0);
    const sample = buf.subarray(0, bytesRead);
    const size = (await fh.stat()).size;
    const bom = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
    const body = bom ? sample.subarray(3) : sample;
    const encoding = bom || isUtf8(body, bytesRead >= size) ? 'utf-8' : 'windows-1252';
    const text = new TextDecoder(encoding).decode(body);
    return { encoding, bom, delimiter: detectDelimiter(text) };
  } finally {
    await fh.close();
  }
}

/**
 * A stream that decodes bytes in the sniffed encoding to text, keeping
 * multi-byte characters split across chunks whole.
 */
export function decodingStream(encoding: string): Transform {
  const decoder = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      cb(null, decoder.decode(chunk, { stream: true }));
    },
    flush(cb) {
      cb(null, decoder.decode());
    },
  });
}
