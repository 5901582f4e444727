// The data owner's secret key for pseudonyms. It lives on the job centre's PC,
// never on the server and never in the repository: whoever holds the key can
// test a guessed codice fiscale against a pseudonym, so the key *is* the
// protection. Format: one line of lowercase hex (keygen writes 32 random bytes
// = 64 hex chars); base64 is accepted too for keys made by other tools.
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, isAbsolute } from 'node:path';

export const MIN_KEY_BYTES = 32;

/** A refusal about the key: too short, unreadable, or kept in an unsafe place. */
export class KeyError extends Error {
  constructor(
    readonly code: 'KEY_TOO_SHORT' | 'KEY_UNREADABLE' | 'KEY_IN_REPOSITORY' | 'KEY_IN_DATA_DIR' | 'KEY_EXISTS',
    message: string,
  ) {
    super(message);
  }
}

/** First 8 hex chars of sha256(key bytes): names a key without revealing it. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export function generateKey(bytes = MIN_KEY_BYTES): Buffer {
  return randomBytes(Math.max(bytes, MIN_KEY_BYTES));
}

/** Decodes key file text: hex (even length) or base64. */
export function decodeKey(text: string): Buffer {
  const t = text.trim();
  if (/^[0-9a-fA-F]+$/.test(t) && t.length % 2 === 0) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return Buffer.from(t, 'base64');
  throw new KeyError('KEY_UNREADABLE', 'the key file must hold one line of hex or base64 (as written by `osservatorio keygen`)');
}

/** Writes a new key file with mode 0600; refuses to overwrite an existing file. */
export function writeNewKeyFile(path: string, key = generateKey()): { keyId: string } {
  if (existsSync(path)) {
    throw new KeyError('KEY_EXISTS', `${path} already exists; a key is never overwritten (pseudonyms made with it would no longer match). Choose another file name.`);
  }
  try {
    writeFileSync(path, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new KeyError('KEY_EXISTS', `${path} already exists; a key is never overwritten. Choose another file name.`);
    }
    throw err;
  }
  return { keyId: keyId(key) };
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function realOrResolved(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/** Top of the git work tree containing `dir`, or undefined. */
function gitTopLevel(dir: string): string | undefined {
  // Walk up looking for .git (a dir, or a file for worktrees); no git binary needed.
  let d = realOrResolved(dir);
  for (;;) {
    if (existsSync(join(d, '.git'))) return d;
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim() || undefined;
  } catch {
    return undefined;
  }
}

export interface KeyPlaceRules {
  /** Working directory whose git work tree is off limits (defaults to process.cwd()). */
  cwd?: string;
  /** Data directories of the observatory that are off limits. */
  dataDirs?: string[];
}

/**
 * Refuses a key kept inside a git work tree (it would end up in a commit or a
 * backup of the code) — the key's own folder or the current one — or inside
 * the observatory's data directory (it would end up on the server, beside the
 * pseudonyms it protects).
 */
export function assertSafeKeyPlace(keyPath: string, rules: KeyPlaceRules = {}): void {
  const key = realOrResolved(keyPath);
  const trees = [gitTopLevel(dirname(key)), gitTopLevel(rules.cwd ?? process.cwd())].filter(Boolean) as string[];
  for (const top of trees) {
    if (isInside(key, realOrResolved(top))) {
      throw new KeyError('KEY_IN_REPOSITORY', `the key file is inside the git work tree ${top}; move it outside any repository (e.g. to a USB key or a protected folder in your home) and try again`);
    }
  }
  for (const dir of rules.dataDirs ?? []) {
    if (isInside(key, realOrResolved(dir))) {
      throw new KeyError('KEY_IN_DATA_DIR', `the key file is inside the observatory data directory ${dir}; the key must never sit beside the data: move it elsewhere`);
    }
  }
}

/** Reads and checks a key file: readable, ≥ 32 bytes, kept in a safe place. */
export function readKeyFile(path: string, rules: KeyPlaceRules = {}): { key: Buffer; keyId: string } {
  assertSafeKeyPlace(path, rules);
  let text: string;
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
    text = readFileSync(path, 'utf8');
  } catch {
    throw new KeyError('KEY_UNREADABLE', `cannot read the key file ${path}; make one with 'osservatorio keygen --out <file>'`);
  }
  const key = decodeKey(text);
  if (key.length < MIN_KEY_BYTES) {
    throw new KeyError('KEY_TOO_SHORT', `the key has ${key.length} bytes; at least ${MIN_KEY_BYTES} are required. Make a new one with 'osservatorio keygen --out <file>'`);
  }
  return { key, keyId: keyId(key) };
}
