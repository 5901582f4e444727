// Moving a file into archive/ or quarantine/ without ever overwriting one that
// is already there: `name.csv`, then `name-2.csv`, `name-3.csv`, …
import { copyFileSync, constants, linkSync, existsSync, unlinkSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

function candidate(dir: string, name: string, n: number): string {
  if (n === 1) return join(dir, name);
  const ext = extname(name);
  return join(dir, `${name.slice(0, name.length - ext.length)}-${n}${ext}`);
}

/** Places `src` in `dir` under a free name; `keep` leaves the original where it is. Returns the new path. */
export function placeWithoutOverwrite(src: string, dir: string, keep = false): string {
  const name = basename(src);
  for (let n = 1; n < 10_000; n++) {
    const dest = candidate(dir, name, n);
    if (existsSync(dest) || existsSync(dest + '.report.json')) continue;
    try {
      // link() fails if dest exists, so two movers can never overwrite each other.
      linkSync(src, dest);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP') throw err;
      try {
        copyFileSync(src, dest, constants.COPYFILE_EXCL);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw e;
      }
    }
    if (!keep) unlinkSync(src);
    return dest;
  }
  throw new Error(`no free name for ${name} in ${dir}`);
}
