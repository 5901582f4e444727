// The download of a table a page composes itself (from several KPIs), built
// from the same rows the table renders, in the page's language and
// spreadsheet conventions, with its metadata sidecar: the same file shape as
// the data API's downloads (warehouse/download.ts). Data URLs, so the file
// holds exactly what the authorized page load returned, with no second request.
import { toCsvText, csvConventions, csvNumber } from '../../../../warehouse/csv.ts';
import { metadataRows, metadataToCsv, type DimensionNames, type DownloadDescription } from '../../../../warehouse/download.ts';
import type { Lang } from '../i18n.ts';

/** One column of a page table's file: its header and how a row fills it (a number is written with the unit's digits). */
export interface FileColumn<R> {
  header: string;
  unit?: string | null;
  cell: (row: R, index: number) => string | number | null;
}

export interface PageTableFile {
  href: string;
  file: string;
}

/** A CSV text as a link the browser downloads without a second request. */
export const dataUrl = (text: string): string => `data:text/csv;charset=utf-8,${encodeURIComponent(text)}`;

/** The table as CSV text: ';' and decimal comma in Italian, ',' and point in English. */
export function pageTableCsv<R>(columns: FileColumn<R>[], rows: R[], lang: Lang): string {
  const body = rows.map((r, i) =>
    columns.map((c) => {
      const v = c.cell(r, i);
      return typeof v === 'number' && Number.isFinite(v) ? csvNumber(v, c.unit, lang) : v;
    }),
  );
  return toCsvText([columns.map((c) => c.header), ...body], csvConventions(lang));
}

/** The table's CSV and its metadata sidecar, as download links. */
export function pageTableFiles<R>(
  columns: FileColumn<R>[],
  rows: R[],
  lang: Lang,
  description: Omit<DownloadDescription, 'rows' | 'fileName'> & { fileName: string },
  names: DimensionNames = {},
): { csv: PageTableFile; metadata: PageTableFile } {
  const file = description.fileName;
  const meta = metadataRows({ ...description, rows: rows.length }, lang, names);
  return {
    csv: { href: dataUrl(pageTableCsv(columns, rows, lang)), file },
    metadata: { href: dataUrl(metadataToCsv(meta, lang)), file: file.replace(/\.csv$/, lang === 'it' ? '-metadati.csv' : '-metadata.csv') },
  };
}
