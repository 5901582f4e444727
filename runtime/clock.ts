// Time as a dependency (style.md: side effects injected): the scheduler's
// catch-up, the retry backoff and the inbox "stopped growing" wait all ask the
// clock, so tests can run them fast and deterministically.
export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
