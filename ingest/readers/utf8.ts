// Whether bytes are UTF-8 when all we hold is a piece of the file: its first
// bytes, or one chunk of a stream. A piece may end inside a multi-byte
// character the file completes further on; that cut is not an encoding error.
import { isUtf8 } from 'node:buffer';

/**
 * Bytes at the end of `bytes` that begin a multi-byte UTF-8 character the
 * piece cut short (0 when it ends on a whole character).
 */
export function utf8CutTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/**
 * True when `bytes` is valid UTF-8. `complete` false: the bytes are the start
 * of a longer file, and a character cut at their end is judged by the rest.
 */
export function isUtf8Start(bytes: Uint8Array, complete: boolean): boolean {
  return isUtf8(complete ? bytes : bytes.subarray(0, bytes.length - utf8CutTail(bytes)));
}
