// The bench's input files: the demo at a given seed and scale, generated once
// into a cache folder under the OS temp dir and reused while the seed, scale
// and generator source are unchanged; plus a placements file of exactly
// N rows (1M by default) for the ingest-vs-COPY measurement.
import { createReadStream, createWriteStream, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DEFAULT_SEED, generateDemo, type DemoFiles } from '../demo/index.ts';

const GENERATOR_DIR = new URL('../demo/', import.meta.url).pathname;

/** Hash of the generator's source: a changed generator never reuses stale files. */
function generatorHash(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(GENERATOR_DIR).sort()) h.update(f).update(readFileSync(join(GENERATOR_DIR, f)));
  return h.digest('hex').slice(0, 12);
}

export function cacheDirFor(scale: number, seed: number): string {
  return join(tmpdir(), 'osservatorio-bench', `demo-s${scale}-seed${seed}-${generatorHash()}`);
}

export async function demoFilesFor(scale: number, seed = DEFAULT_SEED, log: (s: string) => void = () => undefined): Promise<{ demo: DemoFiles; reused: boolean; ms: number }> {
  const dir = cacheDirFor(scale, seed);
  const manifest = join(dir, 'demo.json');
  if (existsSync(manifest)) {
    const demo = JSON.parse(readFileSync(manifest, 'utf8')) as DemoFiles;
    if (demo.files.every((f) => existsSync(f.path))) return { demo, reused: true, ms: 0 };
  }
  // Files of an older generator for the same seed and scale are stale: remove them (they are large).
  const root = join(tmpdir(), 'osservatorio-bench');
  const prefix = `demo-s${scale}-seed${seed}-`;
  if (existsSync(root)) for (const d of readdirSync(root)) if (d.startsWith(prefix) && join(root, d) !== dir) rmSync(join(root, d), { recursive: true, force: true });
  log(`generating the demo at scale ${scale} (seed ${seed}) in ${dir} …`);
  const t0 = Date.now();
  const demo = await generateDemo({ dir, scale, seed });
  writeFileSync(manifest, JSON.stringify(demo));
  return { demo, reused: false, ms: Date.now() - t0 };
}

/** Demo files generated earlier into `dir` (its demo.json), whatever generator made them. */
export function demoFilesIn(dir: string): { demo: DemoFiles; reused: boolean; ms: number } {
  const manifest = join(dir, 'demo.json');
  if (!existsSync(manifest)) throw new Error(`bench: ${manifest} not found; --demo-dir needs a folder written by an earlier bench run`);
  const demo = JSON.parse(readFileSync(manifest, 'utf8')) as DemoFiles;
  const missing = demo.files.filter((f) => !existsSync(f.path));
  if (missing.length) throw new Error(`bench: ${dir} lacks ${missing.map((f) => f.path).join(', ')}`);
  return { demo, reused: true, ms: 0 };
}

/**
 * A placements CSV of exactly `rows` rows built from the demo's placements:
 * the demo rows are repeated with a cycle suffix on placement_id, so every key
 * is unique and every reference (employer, vacancy, CUP) stays valid.
 */
export async function placementsFile(demo: DemoFiles, rows: number): Promise<string> {
  const source = demo.files.find((f) => f.feed === 'placements');
  if (!source || source.rows === 0) throw new Error('the demo has no placements');
  const out = join(demo.dir, `bench_placements_${rows}.csv`);
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(source.path).mtimeMs) return out;
  const lines: string[] = [];
  let header = '';
  for await (const line of createInterface({ input: createReadStream(source.path), crlfDelay: Infinity })) {
    if (!header) header = line;
    else if (line) lines.push(line);
  }
  const w = createWriteStream(out);
  let buf = header + '\n';
  for (let i = 0; i < rows; i++) {
    const cycle = Math.floor(i / lines.length);
    const line = lines[i % lines.length]!;
    const comma = line.indexOf(',');
    buf += (cycle === 0 ? line : `${line.slice(0, comma)}-r${cycle}${line.slice(comma)}`) + '\n';
    if (buf.length > 1 << 20) {
      if (!w.write(buf)) await new Promise<void>((r) => w.once('drain', () => r()));
      buf = '';
    }
  }
  w.end(buf);
  await new Promise<void>((r, j) => w.on('close', () => r()).on('error', j));
  return out;
}
