import { UsageError } from './errors.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any error class, whatever its constructor takes
type ErrorClass = abstract new (...args: any[]) => Error;

/**
 * Runs `fn` and reports an error of one of `classes` — a request the user can
 * correct (a bad rule, a bad schedule, a missing mail setting) — as a usage
 * error (exit 1) with its own message; anything else propagates unchanged.
 */
export async function asUsageErrors<T>(classes: readonly ErrorClass[], fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (classes.some((c) => err instanceof c)) throw new UsageError((err as Error).message);
    throw err;
  }
}
