// Moving a file into archive/ or quarantine/ without ever overwriting one that
// is already there: `name.csv`, then `name-2.csv`, `name-3.csv`, …
import { copyFileSync, constants, linkSync, existsSync, unlinkSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

function candidate(dir: string, name: string, n: number): string {
  if (n === 1) return join(dir, name);
  const ext = extname(name);
  return join(dir, `${name.slice(0, name.length - ext.length)}-${n}${ext}`);
}

/** Copies to a new file; false when `dest` exists already. */
function copyExclusive(src: string, dest: string): boolean {
  try {
    copyFileSync(src, dest, constants.COPYFILE_EXCL);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/** Hard-links, or copies where links are not possible; false when `dest` exists already. */
function linkOrCopy(src: string, dest: string): boolean {
  try {
    // link() fails if dest exists, so two movers can never overwrite each other.
    linkSync(src, dest);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP') throw err;
    return copyExclusive(src, dest);
  }
}

export interface PlaceOptions {
  /** Name in `dir` (default: the source's own name). */
  name?: string;
  /** Folder of the `<name>.report.json` the new name must also leave free (default: `dir`). */
  reportDir?: string;
  /** Always copy: a hard link shares the original's mode, which the caller is about to tighten. */
  copy?: boolean;
}

/** Places `src` in `dir` under a free name; `keep` leaves the original where it is. Returns the new path. */
export function placeWithoutOverwrite(
  src: string,
  dir: string,
  keep = false,
  how: PlaceOptions = {},
): string {
  const name = how.name ?? basename(src);
  for (let n = 1; n < 10_000; n++) {
    const dest = candidate(dir, name, n);
    if (existsSync(dest) || existsSync(join(how.reportDir ?? dir, basename(dest) + '.report.json')))
      continue;
    if (!(how.copy ? copyExclusive(src, dest) : linkOrCopy(src, dest))) continue;
    if (!keep) unlinkSync(src);
    return dest;
  }
  throw new Error(`no free name for ${name} in ${dir}`);
}
