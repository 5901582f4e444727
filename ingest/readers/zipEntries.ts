// The entries of a ZIP file (an XLSX workbook is one) as its central
// directory declares them, read from the end of the file without inflating
// anything: enough to refuse a decompression bomb before it is unpacked.
import { open } from 'node:fs/promises';

export interface ZipEntry {
  name: string;
  compressedBytes: number;
  /** Declared size once inflated; Infinity when the entry needs ZIP64 (4 GiB or more). */
  uncompressedBytes: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const MAX_EOCD_SEARCH = 22 + 0xffff;

/** The central directory's entries; undefined when the file is not a readable ZIP. */
export async function zipEntries(path: string): Promise<ZipEntry[] | undefined> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const tailLength = Math.min(size, MAX_EOCD_SEARCH);
    const tail = Buffer.alloc(tailLength);
    await fh.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--)
      if (tail.readUInt32LE(i) === EOCD) {
        eocd = i;
        break;
      }
    if (eocd < 0) return undefined;
    const count = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    // ZIP64 archives mark these fields as all ones: far beyond any workbook we accept.
    if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff)
      return [{ name: '(zip64)', compressedBytes: size, uncompressedBytes: Infinity }];
    if (dirOffset + dirSize > size) return undefined;
    const dir = Buffer.alloc(dirSize);
    await fh.read(dir, 0, dirSize, dirOffset);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let n = 0; n < count; n++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) return undefined;
      const compressed = dir.readUInt32LE(p + 20);
      const uncompressed = dir.readUInt32LE(p + 24);
      const nameLength = dir.readUInt16LE(p + 28);
      const extraLength = dir.readUInt16LE(p + 30);
      const commentLength = dir.readUInt16LE(p + 32);
      entries.push({
        name: dir.toString('utf8', p + 46, p + 46 + nameLength),
        compressedBytes: compressed,
        uncompressedBytes: uncompressed === 0xffffffff ? Infinity : uncompressed,
      });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await fh.close();
  }
}
