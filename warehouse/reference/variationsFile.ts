// The file given to `reference update --variations`, in either accepted
// format, chosen by its header: ISTAT's own "Variazioni amministrative e
// territoriali dal 1991" CSV as published, or our small CSV
// `old_code,new_code,kind`. ISTAT's file holds every variation since 1991, so
// the update uses the rows of the codes that left the list and counts the
// others; our file is written for one update, so each of its rows must be used.
import { parseComuniVariations, type DeclaredVariation } from './comuniVariationsFile.ts';
import {
  ISTAT_VARIATIONS_COLUMNS,
  isIstatVariationsHeader,
  parseIstatVariations,
} from './istatVariationsFile.ts';
import type { IstatVariationsFile } from './istatVariationsFile.ts';
import { ReferenceFileError } from './referenceFileError.ts';

/** One of the files `updateComuni` takes as `variations`, with the format it was read from. */
export interface VariationsInput {
  format: 'declared' | 'istat';
  file: string;
  /** ISTAT's rows carry their date of effect (YYYY-MM-DD, or null where ISTAT left it empty); ours none. */
  rows: (DeclaredVariation & { effective?: string | null })[];
  /** ISTAT's file records every variation since 1991, not only those of one update. */
  history: boolean;
  columns: { oldCode: string; newCode: string };
  /** The whole reading of ISTAT's file: its rows that change no code, per type. */
  istat?: IstatVariationsFile;
}

const DECLARED_HEADER = 'old_code,new_code,kind';

function firstLine(bytes: Uint8Array): string {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const end = bytes.indexOf(0x0a, start);
  // Both headers are ASCII but for 'à', which decodes alike in Windows-1252 and Latin-1.
  return new TextDecoder('windows-1252')
    .decode(bytes.subarray(start, end < 0 ? bytes.length : end))
    .replace(/\r$/, '');
}

export function readVariationsFile(bytes: Uint8Array, file: string): VariationsInput {
  const header = firstLine(bytes);
  if (
    header
      .split(',')
      .map((c) => c.trim())
      .join(',') === DECLARED_HEADER
  )
    return {
      format: 'declared',
      file,
      rows: parseComuniVariations(new TextDecoder('utf-8').decode(bytes), file),
      history: false,
      columns: { oldCode: 'old_code', newCode: 'new_code' },
    };
  if (isIstatVariationsHeader(header.split(';').map((c) => c.replace(/^"|"$/g, '')))) {
    const istat = parseIstatVariations(bytes, file);
    return {
      format: 'istat',
      file,
      rows: istat.codeChanges,
      history: true,
      columns: {
        oldCode: ISTAT_VARIATIONS_COLUMNS.code,
        newCode: ISTAT_VARIATIONS_COLUMNS.newCode,
      },
      istat,
    };
  }
  throw new ReferenceFileError([
    {
      rule: 'unrecognised_file',
      file,
      row: 1,
      message:
        `not a variations file: the header must be either ours, '${DECLARED_HEADER}' (UTF-8), ` +
        `or that of ISTAT's "Variazioni amministrative e territoriali dal 1991" CSV as published ` +
        `(Windows-1252, ';'-separated: ${Object.values(ISTAT_VARIATIONS_COLUMNS)
          .map((c) => `'${c}'`)
          .join(', ')}, …)`,
    },
  ]);
}
