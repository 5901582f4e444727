// Eurostat TSV → the context_stats feed.
//
// The TSV is how Eurostat's bulk download and its dissemination API (format
// TSV) give a whole dataset: one row per series, one column per period.
//   old:  `unit,sex,age,geo\time<TAB>2022 <TAB>2021 …`   (bulk download to 2023)
//   new:  `freq,unit,sex,age,geo\TIME_PERIOD<TAB>2000 <TAB>2001 …`
// The first cell of each row holds the series' dimension codes joined by
// commas, in the order the header names them; every other cell is one
// observation with its flags after a space: `59816673 b`, `: ` (missing),
// `: c` (confidential). Period labels are printed as `2023Q1`, `2023M01` in
// the old files and as SDMX writes them (`2023-Q1`, `2023-01`) in the new:
// both become the SDMX form, so a dataset read from TSV and from SDMX-CSV
// lands on the same keys.
//
// The file does not carry the dataset's code: Eurostat names its downloads
// by it (`demo_r_pjanaggr3.tsv`, `estat_nama_10r_3gdp.tsv`), and a file not
// so named is refused rather than given a made-up dataset.
import { basename } from 'node:path';
import { IssueList } from './issueList.ts';
import { observation, writeStats, type StatRow } from './contextStatsRows.ts';
import { eurostatDimensions, eurostatSeries } from './sdmx.ts';
import { PublicFileRefused, type Connector } from './types.ts';

/** `unit,sex,age,geo\time` or `freq,unit,geo\TIME_PERIOD`: the dimension ids before the backslash. */
const FIRST_CELL = /^([a-z][a-z0-9_]*(?:,[a-z][a-z0-9_]*)*)\\(?:time|TIME_PERIOD)$/;

/**
 * The file's first line as printed. The CSV sniffer splits it on commas (the
 * first cell holds the dimension ids), or keeps it whole when there is only
 * one dimension; either way joining the cells gives the line back.
 */
function firstLine(headers: string[]): string {
  return headers.length > 1 && headers.some((h) => h.includes('\t')) ? headers.join(',') : headers.join('\t');
}

/** The dimension ids of a TSV header's first cell; undefined when it is not Eurostat's. */
function dimensionsOf(firstCell: string): string[] | undefined {
  return FIRST_CELL.exec(firstCell.trim())?.[1].split(',');
}

/** A period label as Eurostat prints it → its SDMX form; undefined when it is none. */
export function sdmxPeriod(label: string): string | undefined {
  const v = label.trim();
  if (/^\d{4}$/.test(v) || /^\d{4}-(Q[1-4]|S[12]|W\d{2}|\d{2}(-\d{2})?)$/.test(v)) return v;
  let m = /^(\d{4})([QS])(\d)$/.exec(v);
  if (m) return `${m[1]}-${m[2]}${m[3]}`;
  m = /^(\d{4})M(\d{2})$/.exec(v);
  if (m) return `${m[1]}-${m[2]}`;
  m = /^(\d{4})W(\d{2})$/.exec(v);
  if (m) return `${m[1]}-W${m[2]}`;
  return undefined;
}

/** `estat_nama_10r_3gdp.tsv`, `demo_r_pjanaggr3.tsv`, `estat_une_rt_a_filtered_en.tsv` → the dataset code, upper case. */
export function datasetFromFileName(path: string): string | undefined {
  const name = basename(path).toLowerCase().replace(/\.tsv$/, '');
  const m = /^(?:estat_)?([a-z][a-z0-9_]*?)(?:_filtered(?:_[a-z]{2})?)?$/.exec(name);
  return m?.[1].toUpperCase();
}

const RULES: Readonly<Record<string, string>> = {
  dataset_unnamed:
    "Eurostat's TSV does not say which dataset it holds: keep the name Eurostat gives the download (the dataset code, e.g. demo_r_pjanaggr3.tsv or estat_nama_10r_3gdp.tsv)",
  period_unrecognised: 'this column is not a period Eurostat prints (2024, 2024Q1, 2024-Q1, 2024M03, 2024-03, 2024S1, 2024W05)',
  row_cells: 'the row has a different number of cells from the header',
  row_dimensions: 'the first cell does not hold one code for each dimension the header names',
};

export const eurostatTsv: Connector = {
  name: 'eurostat_tsv',
  matches(headers) {
    return dimensionsOf(firstLine(headers).split('\t')[0]) !== undefined;
  },
  async toFeedFiles(path, outDir, context) {
    const issues = new IssueList(RULES);
    const dataset = datasetFromFileName(path);
    if (!dataset) issues.add('dataset_unnamed', 1, basename(path));
    const files = await writeStats(
      path,
      outDir,
      {
        tag: 'eurostat',
        tabs: true,
        rowsOf: (header) => {
          const ids = dimensionsOf(header[0]) ?? [];
          const dims = ids.map((x, i) => ({ x, i }));
          const roles = eurostatDimensions(dims);
          const at = (id: string) => ids.indexOf(id);
          const periods = header.slice(1).map((label) => {
            const period = sdmxPeriod(label);
            if (!period) issues.add('period_unrecognised', 1, label.trim());
            return period;
          });
          return (record, rowNo): StatRow[] => {
            if (record.length !== header.length) {
              issues.add('row_cells', rowNo, header[0]);
              return [];
            }
            const codes = record[0].split(',').map((c) => c.trim());
            if (codes.length !== ids.length) {
              issues.add('row_dimensions', rowNo, header[0]);
              return [];
            }
            if (issues.any) return []; // refused: nothing is written past the first issue
            const get = (i: number) => (i >= 0 ? codes[i] : '');
            // The TSV carries no labels: the indicator has its code only.
            const series = eurostatSeries(get, at, dataset!, roles, null);
            return periods.map((period, k) => ({ ...series, period: period!, ...observation(record[k + 1], []) }));
          };
        },
      },
      context,
    );
    if (issues.any) throw new PublicFileRefused(issues.all);
    return files;
  },
};
