// Streams one CSV file per feed: rows are buffered in chunks and written with
// back-pressure, so a demo of millions of rows never sits in memory at once.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

export type CsvValue = string | number | boolean | null | undefined;

function cell(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export class CsvFile {
  private readonly out: WriteStream;
  private buffer: string[] = [];
  rows = 0;

  constructor(
    readonly path: string,
    readonly columns: readonly string[],
  ) {
    this.out = createWriteStream(path, { encoding: 'utf8' });
    this.buffer.push(columns.join(','));
  }

  /** Adds one row given in column order; await it so back-pressure is honoured. */
  async row(values: readonly CsvValue[]): Promise<void> {
    this.buffer.push(values.map(cell).join(','));
    this.rows++;
    if (this.buffer.length >= 5000) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.buffer.length) return;
    const chunk = this.buffer.join('\n') + '\n';
    this.buffer = [];
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }
}
