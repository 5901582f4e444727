// The demo's session secret, kept in a file of the data directory so that
// restarting `npm start` does not sign everyone out. Only demo mode uses it: a
// real deployment keeps its secret outside the data directory (see
// docs/security.md). The file is created readable by its owner alone, and
// complete or not at all: the secret is written to a private temporary file,
// then hard-linked into place, which fails if another process got there first
// (then that process's secret is the one read back and used).
import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const DEMO_SECRET_FILE_MODE = 0o600;
const SECRET_BYTES = 48;

export class DemoSecretFileError extends Error {
  readonly code = 'DEMO_SECRET_FILE_INVALID';
}

export interface KeptDemoSecret {
  secret: Buffer;
  /** True when this call wrote the file (first start on this data dir). */
  created: boolean;
  /** True when an existing file was readable by others and was narrowed to 0600. */
  narrowed: boolean;
}

/** Reads the demo secret from `file`, creating it on first use. */
export function keptDemoSecret(file: string, minBytes: number): KeptDemoSecret {
  const existing = readSecret(file, minBytes);
  if (existing) return { ...existing, created: false };
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, `${randomBytes(SECRET_BYTES).toString('base64url')}\n`, { mode: DEMO_SECRET_FILE_MODE, flag: 'wx' });
  let created = true;
  try {
    linkSync(temporary, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    created = false;
  } finally {
    rmSync(temporary, { force: true });
  }
  const kept = readSecret(file, minBytes);
  if (!kept) throw new DemoSecretFileError(`${file} vanished while the demo session secret was being created; start the server again.`);
  return { ...kept, created };
}

function readSecret(file: string, minBytes: number): { secret: Buffer; narrowed: boolean } | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const value = text.trim();
  if (Buffer.byteLength(value, 'utf8') < minBytes)
    throw new DemoSecretFileError(
      `${file} holds no demo session secret of at least ${minBytes} bytes; delete the file and start again (a new one is generated, and demo sessions signed with the old one end).`,
    );
  // A copy or an archive extraction may have widened the mode; the secret signs sessions, so keep it private.
  const narrowed = (statSync(file).mode & 0o077) !== 0;
  if (narrowed) chmodSync(file, DEMO_SECRET_FILE_MODE);
  return { secret: Buffer.from(value, 'utf8'), narrowed };
}
