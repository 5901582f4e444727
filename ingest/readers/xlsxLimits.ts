// Limits on what an XLSX workbook may unpack to. A workbook is a ZIP of XML:
// a few MB can declare gigabytes of shared strings or rows, which exceljs
// would inflate into memory and temp files before the load could look at a
// single row. The declared sizes are checked before reading, the shared
// strings and rows while reading; a workbook over a limit is refused with
// rule `xlsx_too_large`, naming the limit, its setting and the value found.
import { readLimits, type LimitSetting } from './limitSettings.ts';
import type { ZipEntry } from './zipEntries.ts';

export interface XlsxLimits {
  /** Declared size of all entries once unpacked. */
  maxUncompressedBytes: number;
  /** Unpacked size ÷ file size, above which the workbook is a decompression bomb. */
  maxRatio: number;
  /** Declared size of the shared strings (xl/sharedStrings.xml) once unpacked. */
  maxSharedStringsBytes: number;
  /** Distinct strings in the shared strings table. */
  maxSharedStrings: number;
  /** Rows of the sheet read (header included); Excel's own limit by default. */
  maxRows: number;
}

const MIB = 1024 * 1024;

export const DEFAULT_XLSX_LIMITS: XlsxLimits = {
  maxUncompressedBytes: 1024 * MIB,
  maxRatio: 100,
  maxSharedStringsBytes: 256 * MIB,
  maxSharedStrings: 5_000_000,
  maxRows: 1_048_576,
};

/** Each limit's environment variable and the unit it is given in. */
const SETTINGS: Record<keyof XlsxLimits, LimitSetting> = {
  maxUncompressedBytes: { env: 'OSSERVATORIO_XLSX_MAX_UNPACKED_MB', unit: MIB, label: 'MiB' },
  maxRatio: { env: 'OSSERVATORIO_XLSX_MAX_RATIO', unit: 1, label: '' },
  maxSharedStringsBytes: {
    env: 'OSSERVATORIO_XLSX_MAX_SHARED_STRINGS_MB',
    unit: MIB,
    label: 'MiB',
  },
  maxSharedStrings: { env: 'OSSERVATORIO_XLSX_MAX_SHARED_STRINGS', unit: 1, label: '' },
  maxRows: { env: 'OSSERVATORIO_XLSX_MAX_ROWS', unit: 1, label: '' },
};

export class XlsxLimitConfigError extends Error {
  readonly code = 'XLSX_LIMIT_CONFIG';
}

/** The limits: given ones first, then the environment, then the defaults. */
export function xlsxLimits(
  given: Partial<XlsxLimits> = {},
  env: NodeJS.ProcessEnv = process.env,
): XlsxLimits {
  return readLimits(DEFAULT_XLSX_LIMITS, SETTINGS, given, env, (m) => new XlsxLimitConfigError(m));
}

/** A workbook over one of the limits. */
export class XlsxTooLarge extends Error {
  constructor(
    readonly limit: keyof XlsxLimits,
    value: number,
    limits: XlsxLimits,
  ) {
    const { env, unit, label } = SETTINGS[limit];
    const show = (n: number) =>
      n === Infinity
        ? 'more than 4 GiB'
        : `${Math.ceil(n / unit).toLocaleString('en')}${label ? ' ' + label : ''}`;
    const what: Record<keyof XlsxLimits, string> = {
      maxUncompressedBytes: 'the workbook unpacks to',
      maxRatio: 'the workbook unpacks to this many times its size:',
      maxSharedStringsBytes: 'its shared strings unpack to',
      maxSharedStrings: 'its shared strings table holds',
      maxRows: '',
    };
    const advice = 'send the data as CSV, or split the workbook';
    super(
      limit === 'maxRows'
        ? `the sheet has more than ${show(limits.maxRows)} rows, the limit (${env}): ${advice}`
        : `${what[limit]} ${show(value)}, over the limit of ${show(limits[limit])} (${env}): ${advice}`,
    );
    this.value = value;
  }
  readonly value: number;
}

const SHARED_STRINGS = 'xl/sharedStrings.xml';

/** Checks the sizes a workbook declares; throws XlsxTooLarge for the first limit exceeded. */
export function checkDeclaredSizes(
  entries: ZipEntry[],
  fileBytes: number,
  limits: XlsxLimits,
): void {
  const unpacked = entries.reduce((n, e) => n + e.uncompressedBytes, 0);
  if (unpacked > limits.maxUncompressedBytes)
    throw new XlsxTooLarge('maxUncompressedBytes', unpacked, limits);
  const shared = entries.find((e) => e.name === SHARED_STRINGS)?.uncompressedBytes ?? 0;
  if (shared > limits.maxSharedStringsBytes)
    throw new XlsxTooLarge('maxSharedStringsBytes', shared, limits);
  // Small workbooks compress their boilerplate XML very well: only a large unpacked size is suspect.
  const ratio = unpacked / Math.max(1, fileBytes);
  if (unpacked > 16 * MIB && ratio > limits.maxRatio)
    throw new XlsxTooLarge('maxRatio', Math.round(ratio), limits);
}
