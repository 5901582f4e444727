// Bytes → text for readers that stream a whole CSV through a parser (the
// connectors, the pseudonymise tool) in the encoding the dialect sniffer
// found. Windows-1252 goes through the WHATWG table (cp1252.ts): Node's
// TextDecoder reads it as Latin-1, which turns € (0x80) into a control
// character. A leading BOM is dropped.
import { Transform } from 'node:stream';
import { decodeCp1252 } from './cp1252.ts';
import type { CsvEncoding } from './csvDialect.ts';

export function decodingStream(encoding: CsvEncoding): Transform {
  if (encoding === 'windows-1252') {
    // One byte per character: a chunk edge never splits one.
    return new Transform({
      transform(chunk: Buffer, _enc, cb) {
        cb(null, decodeCp1252(chunk));
      },
    });
  }
  // `stream: true` keeps a character split across chunks whole; the BOM is stripped.
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
