// Gzip-compressed files, as publishers give them: Eurostat's bulk download
// and its dissemination API hand out whole datasets as `<dataset>.tsv.gz`.
// Such a file is unpacked, streaming, into a scratch folder under its name
// without `.gz` (the name a connector reads the dataset from), and loaded
// from there; the original, compressed, is what gets archived. A few KB of
// gzip can unpack to gigabytes, so the unpacked size is counted while it is
// written and the file is refused (rule `gzip_too_large`) past a limit,
// naming the limit and its setting; a damaged archive is refused
// (`unreadable`) with gzip's own reason.
import { createReadStream, createWriteStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { readLimits, type LimitSetting } from './limitSettings.ts';

export interface GzipLimits {
  /** Size of the unpacked file. */
  maxUncompressedBytes: number;
  /** Unpacked size ÷ file size, above which (past 16 MiB unpacked) the file is a decompression bomb. */
  maxRatio: number;
}

const MIB = 1024 * 1024;

export const DEFAULT_GZIP_LIMITS: GzipLimits = { maxUncompressedBytes: 4096 * MIB, maxRatio: 200 };

const SETTINGS: Record<keyof GzipLimits, LimitSetting> = {
  maxUncompressedBytes: { env: 'OSSERVATORIO_GZIP_MAX_UNPACKED_MB', unit: MIB, label: ' MiB' },
  maxRatio: { env: 'OSSERVATORIO_GZIP_MAX_RATIO', unit: 1, label: ' times its size' },
};

export class GzipLimitConfigError extends Error {
  readonly code = 'GZIP_LIMIT_CONFIG';
}

/** The limits: given ones first, then the environment, then the defaults. */
export function gzipLimits(given: Partial<GzipLimits> = {}, env: NodeJS.ProcessEnv = process.env): GzipLimits {
  return readLimits(DEFAULT_GZIP_LIMITS, SETTINGS, given, env, (m) => new GzipLimitConfigError(m));
}

/**
 * True when the file starts with gzip's magic bytes (1f 8b), whatever its
 * name; false when it cannot be opened (the load then says why).
 */
export function isGzipFile(path: string): boolean {
  const head = Buffer.alloc(2);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** The name the unpacked file gets: `x.tsv.gz` → `x.tsv` (`x.tgz`, `x.gzip` and others keep their name). */
export function unpackedName(path: string): string {
  return basename(path).replace(/\.gz$/i, '') || 'unpacked';
}

export type GunzipResult =
  | { ok: true; path: string; bytes: number }
  | { ok: false; rule: 'gzip_too_large' | 'unreadable'; message: string };

class OverLimit extends Error {
  constructor(readonly limit: keyof GzipLimits) {
    super(limit);
  }
}

/** Unpacks gzip file `path` into folder `dir`, within `limits`. Never throws for a bad file. */
export async function gunzipInto(path: string, dir: string, limits: GzipLimits): Promise<GunzipResult> {
  const packed = Math.max(1, statSync(path).size);
  const target = join(dir, unpackedName(path));
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > limits.maxUncompressedBytes) return done(new OverLimit('maxUncompressedBytes'));
      if (bytes > 16 * MIB && bytes / packed > limits.maxRatio) return done(new OverLimit('maxRatio'));
      done(null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(path), createGunzip(), counter, createWriteStream(target));
    return { ok: true, path: target, bytes };
  } catch (err) {
    if (err instanceof OverLimit) {
      const { env, unit, label } = SETTINGS[err.limit];
      const limit = `${Math.ceil(limits[err.limit] / unit).toLocaleString('en')}${label}`;
      return {
        ok: false,
        rule: 'gzip_too_large',
        message: `the compressed file is over a limit: it unpacks to more than ${limit} (${env}); unpacking stopped after ${Math.ceil(bytes / MIB).toLocaleString('en')} MiB. Send it uncompressed, split it, or raise ${env}`,
      };
    }
    return {
      ok: false,
      rule: 'unreadable',
      message: `the file is gzip-compressed but cannot be unpacked (${(err as Error).message}): it may be damaged or cut short; download it again`,
    };
  }
}
