// Seeded randomness for the demo: every stream of numbers derives from the
// seed and a stream name, so each table is reproducible on its own and the same
// seed always gives byte-identical files. Never Math.random, never the clock.
import { createHash } from 'node:crypto';

export type Rng = () => number;

/** mulberry32: small, fast, good enough for synthetic data. */
function mulberry32(a: number): Rng {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator for one named stream of one seed. */
export function rngFor(seed: number, stream: string): Rng {
  const h = createHash('sha256').update(`osservatorio-demo:${seed}:${stream}`).digest();
  return mulberry32(h.readUInt32LE(0));
}

/**
 * A 64-hex pseudonym: sha256 of a seeded counter. Looks like the HMAC pseudonyms
 * of real feeds but is derived from nothing personal.
 */
export function pseudonym(seed: number, kind: string, n: number): string {
  return createHash('sha256').update(`osservatorio-demo:${seed}:${kind}:${n}`).digest('hex');
}

export function int(r: Rng, min: number, max: number): number {
  return min + Math.floor(r() * (max - min + 1));
}

export function chance(r: Rng, p: number): boolean {
  return r() < p;
}

export function pick<T>(r: Rng, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

/** Picks from [value, weight] pairs. */
export function weighted<T>(r: Rng, items: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of items) total += w;
  let x = r() * total;
  for (const [v, w] of items) {
    x -= w;
    if (x < 0) return v;
  }
  return items[items.length - 1]![0];
}

/** Exponential-ish waiting time in days with the given mean, capped. */
export function waitDays(r: Rng, mean: number, cap: number): number {
  return Math.min(cap, Math.floor(-Math.log(1 - r()) * mean));
}
