// One streaming pass over the raw bytes of an incoming file: checksum for the
// exactly-once ledger, size, whether the bytes are valid UTF-8 (else the CSV
// reader transcodes from Windows-1252), whether they look binary, and the
// first bytes for format and delimiter detection. The file is never read
// twice just to learn these.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { utf8CutTail } from './utf8.ts';

export interface FileScan {
  checksum: string;
  bytes: number;
  /** True when every byte sequence is valid UTF-8. */
  utf8: boolean;
  /** Count of NUL bytes: text exports never contain one. */
  nulBytes: number;
  /** Up to the first 64 KiB. */
  head: Buffer;
}

const HEAD_BYTES = 64 * 1024;

export async function scanFile(path: string): Promise<FileScan> {
  const hash = createHash('sha256');
  let bytes = 0;
  let utf8 = true;
  let nulBytes = 0;
  const headParts: Buffer[] = [];
  let headLength = 0;
  let carry: Buffer = Buffer.alloc(0);
  for await (const raw of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const chunk = raw as Buffer;
    hash.update(chunk);
    bytes += chunk.length;
    if (headLength < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - headLength);
      headParts.push(part);
      headLength += part.length;
    }
    if (nulBytes === 0 && chunk.includes(0)) nulBytes += 1;
    if (utf8) {
      const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const tail = utf8CutTail(buf);
      utf8 = isUtf8(buf.subarray(0, buf.length - tail));
      carry = Buffer.from(buf.subarray(buf.length - tail));
    }
  }
  if (carry.length) utf8 = false; // the file ends inside a multi-byte character
  return { checksum: hash.digest('hex'), bytes, utf8, nulBytes, head: Buffer.concat(headParts) };
}

/** Share of bytes in the head that are control characters other than tab, CR, LF (binary files are full of them). */
export function controlShare(head: Buffer): number {
  if (head.length === 0) return 0;
  let n = 0;
  for (const b of head) if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) n++;
  return n / head.length;
}

/** The first bytes only (format and header sniffing without reading the whole file). */
export async function readHead(
  path: string,
  bytes = HEAD_BYTES,
): Promise<{ head: Buffer; whole: boolean }> {
  const { open } = await import('node:fs/promises');
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes + 1);
    const { bytesRead } = await fh.read(buf, 0, bytes + 1, 0);
    return { head: buf.subarray(0, Math.min(bytesRead, bytes)), whole: bytesRead <= bytes };
  } finally {
    await fh.close();
  }
}
