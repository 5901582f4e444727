// What the quarantine folder holds, for the operations page: each refused
// file with the start of the report written beside it (`name.report.json`,
// or `.report.txt`). Reports carry rule counts and locations, never a cell
// value, so showing them to an admin reveals no personal data.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface QuarantinedFile {
  name: string;
  /** The report's first 4,000 characters; null when the file has none. */
  report: string | null;
}

const REPORT_RE = /\.report\.(json|txt)$/;

/** Up to 50 quarantined files in directory order; an unreadable or missing folder lists nothing. */
export async function listQuarantine(dir: string): Promise<QuarantinedFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => !REPORT_RE.test(n) && !n.startsWith('.')).slice(0, 50);
  } catch {
    return [];
  }
  return Promise.all(
    names.map(async (name) => {
      let report: string | null = null;
      for (const candidate of [`${name}.report.json`, `${name}.report.txt`]) {
        report ??= await readFile(join(dir, candidate), 'utf8')
          .then((s) => s.slice(0, 4000))
          .catch(() => null);
      }
      return { name, report };
    }),
  );
}
