// UTF-16 text (Excel's "Unicode text", some Windows tools) → UTF-8, streaming,
// recognised by its byte-order mark. Its NUL bytes would otherwise make the
// file look binary.
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type Utf16 = 'utf-16le' | 'utf-16be';

export function utf16Bom(head: Buffer): Utf16 | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return undefined;
}

export function decodeUtf16(bytes: Buffer, encoding: Utf16): string {
  return new TextDecoder(encoding).decode(bytes);
}

export async function transcodeUtf16ToUtf8(
  input: string,
  output: string,
  encoding: Utf16,
): Promise<void> {
  const decoder = new TextDecoder(encoding); // strips the BOM; `stream` keeps pairs split across chunks
  const toUtf8 = new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
    },
    flush(done) {
      done(null, Buffer.from(decoder.decode(), 'utf8'));
    },
  });
  await pipeline(
    createReadStream(input, { highWaterMark: 1 << 20 }),
    toUtf8,
    createWriteStream(output),
  );
}
