// The checksum of a public file, taken while its connector streams it: such
// files run past a gigabyte, and hashing them in a second pass once the load
// is over doubled the reading. The loader's ledger holds the checksums of the
// feed files the connector wrote; this one is the public file's, for its
// report.
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { scanFile } from '../readers/scan.ts';

export class StreamedChecksum {
  private readonly hash = createHash('sha256');
  private tapped = false;
  private complete = false;
  private digested: string | undefined;

  /**
   * A pass-through for the file's byte stream, read from its first byte. Only
   * the first read is hashed: a connector that reads the file twice must not
   * hash it twice.
   */
  tap(): Transform {
    const first = !this.tapped;
    this.tapped = true;
    return new Transform({
      transform: (chunk: Buffer, _enc, done) => {
        if (first) this.hash.update(chunk);
        done(null, chunk);
      },
      flush: (done) => {
        if (first) this.complete = true;
        done();
      },
    });
  }

  /**
   * SHA-256 of the file, hex. Reads the file only when the connector stopped
   * before its end (or never read it), so the hash would be of a part.
   */
  async digest(path: string): Promise<string> {
    this.digested ??= this.complete ? this.hash.digest('hex') : (await scanFile(path)).checksum;
    return this.digested;
  }
}
