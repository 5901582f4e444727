// `osservatorio pseudonymise`: streams a CSV export, replaces identifier
// columns with HMAC pseudonyms, drops name and contact columns and adds the
// key_id, with memory bounded by one record whatever the file size.
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { DEFAULT_MAP, planColumns, type ColumnPlan } from './columns.ts';
import { pseudonym } from './hmac.ts';
import { sniffCsvFile, STREAMING_SAMPLE_BYTES, type CsvEncoding } from '../ingest/readers/csvDialect.ts';
import type { Delimiter } from '../ingest/readers/csvHeader.ts';
import { decodingStream } from '../ingest/readers/decodingStream.ts';

export { keyId, generateKey, readKeyFile, writeNewKeyFile, assertSafeKeyPlace, KeyError, MIN_KEY_BYTES } from './key.ts';
export { pseudonym, normaliseIdentifier } from './hmac.ts';
export { DIRECT_IDENTIFIER_COLUMNS, DEFAULT_MAP, parseMap, parseList, normaliseColumnName } from './columns.ts';

export class PseudonymiseError extends Error {
  constructor(
    readonly code: 'INPUT_MISSING' | 'OUTPUT_EXISTS' | 'SAME_FILE' | 'NO_IDENTIFIER_COLUMN' | 'BAD_CSV' | 'KEY_ID_PRESENT' | 'EMPTY_FILE',
    message: string,
    readonly kind: 'usage' | 'refused' = 'refused',
  ) {
    super(message);
  }
}

export interface PseudonymiseOptions {
  input: string;
  output: string;
  key: Buffer;
  keyId: string;
  /** normalised source column → target column; DEFAULT_MAP when absent. */
  map?: Record<string, string>;
  /** Extra columns to drop (normalised names). */
  drop?: string[];
  /** Replace an existing output file. */
  force?: boolean;
}

export interface PseudonymiseSummary {
  input: string;
  output: string;
  rows: number;
  encoding: CsvEncoding;
  bom: boolean;
  delimiter: Delimiter;
  keyId: string;
  /** Identifier columns and the pseudonym column each became, with empty-value counts. */
  mapped: { from: string; to: string; empty: number }[];
  /** Names (never values) of the columns removed. */
  dropped: string[];
  columns: string[];
}

/** Turns a text stream's records into output records following the plan. */
class ApplyPlan extends Transform {
  plan: ColumnPlan | undefined;
  rows = 0;
  empties: number[] = [];
  constructor(
    private readonly key: Buffer,
    private readonly keyIdValue: string,
    private readonly makePlan: (header: string[]) => ColumnPlan,
  ) {
    super({ objectMode: true });
  }
  override _transform(record: string[], _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      if (!this.plan) {
        this.plan = this.makePlan(record);
        this.empties = this.plan.mapped.map(() => 0);
        cb(null, this.plan.outputHeader);
        return;
      }
      this.rows++;
      const out: string[] = [];
      let m = 0;
      for (let i = 0; i < this.plan.actions.length; i++) {
        const a = this.plan.actions[i];
        const v = record[i] ?? '';
        if (a.kind === 'keep') out.push(v);
        else if (a.kind === 'pseudonymise') {
          const p = pseudonym(this.key, v);
          if (p === '') this.empties[m]++;
          m++;
          out.push(p);
        }
      }
      out.push(this.keyIdValue);
      cb(null, out);
    } catch (err) {
      cb(err as Error);
    }
  }
}

export async function pseudonymiseCsv(options: PseudonymiseOptions): Promise<PseudonymiseSummary> {
  const input = resolve(options.input);
  const output = resolve(options.output);
  if (!existsSync(input)) throw new PseudonymiseError('INPUT_MISSING', `input file ${options.input} does not exist`, 'usage');
  if (input === output) throw new PseudonymiseError('SAME_FILE', 'the output must be a different file from the input (the original is never changed)', 'usage');
  if (existsSync(output) && !options.force) {
    throw new PseudonymiseError('OUTPUT_EXISTS', `${options.output} already exists; choose another name or add --force to replace it`, 'usage');
  }
  const sniffed = await sniffCsvFile(input, STREAMING_SAMPLE_BYTES);
  if (!sniffed.ok) {
    if (sniffed.rule === 'empty_file') throw new PseudonymiseError('EMPTY_FILE', 'the input file is empty');
    throw new PseudonymiseError('BAD_CSV', `the input is not a CSV the observatory can read: ${sniffed.message}`);
  }
  const shape = sniffed.dialect;
  const map = options.map ?? DEFAULT_MAP;
  const makePlan = (header: string[]): ColumnPlan => {
    const plan = planColumns(header, map, options.drop ?? []);
    if (plan.mapped.length === 0) {
      throw new PseudonymiseError(
        'NO_IDENTIFIER_COLUMN',
        `no identifier column found (looked for: ${Object.keys(map).join(', ')}); name it with --map <column>:person_id`,
      );
    }
    if (plan.actions.some((a) => a.kind === 'keep' && a.name.trim().toLowerCase() === 'key_id')) {
      throw new PseudonymiseError('KEY_ID_PRESENT', 'the input already has a key_id column: it looks already pseudonymised');
    }
    return plan;
  };
  const apply = new ApplyPlan(options.key, options.keyId, makePlan);
  const partial = `${output}.partial`;
  const decode = decodingStream(shape.encoding);
  try {
    await pipeline(
      createReadStream(input),
      decode,
      parse({
        delimiter: shape.delimiter,
        quote: shape.quote,
        from_line: shape.linesBeforeHeader + 1,
        relax_quotes: false,
        skip_empty_lines: true,
      }),
      apply,
      stringify({ delimiter: shape.delimiter, record_delimiter: 'unix' }),
      createWriteStream(partial, { mode: 0o600 }),
    );
  } catch (err) {
    rmSync(partial, { force: true });
    if (err instanceof PseudonymiseError) throw err;
    const e = err as Error & { code?: string; lines?: number };
    if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
      // csv-parse messages quote the offending line number, never its content.
      throw new PseudonymiseError('BAD_CSV', `the input is not a consistent CSV (${e.code}${e.lines ? `, near line ${e.lines}` : ''}); fix the file and try again`);
    }
    throw err;
  }
  if (!apply.plan) {
    rmSync(partial, { force: true });
    throw new PseudonymiseError('EMPTY_FILE', 'the input file is empty');
  }
  renameSync(partial, output);
  return {
    input: options.input,
    output: options.output,
    rows: apply.rows,
    encoding: shape.encoding,
    bom: shape.bomBytes > 0,
    delimiter: shape.delimiter,
    keyId: options.keyId,
    mapped: apply.plan.mapped.map((m, i) => ({ ...m, empty: apply.empties[i] })),
    dropped: apply.plan.dropped,
    columns: apply.plan.outputHeader,
  };
}
