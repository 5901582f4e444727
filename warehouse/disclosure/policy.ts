// The disclosure-control policy: which counts are too small to publish.
// Counts 1..threshold-1 are suppressed (zeros are published: a structural or
// observed zero reveals no person). The threshold can be raised but never set
// below 3, the minimum of the Italian statistical code (Codice di deontologia
// e buona condotta per i trattamenti per scopi statistici, Sistan; ISTAT
// "regola della soglia": frequencies below 3 are not released).

export const MIN_THRESHOLD = 3;
export const DEFAULT_THRESHOLD = 5;

export interface DisclosurePolicy {
  /** Smallest count that may be published; 1..threshold-1 are suppressed. */
  threshold: number;
  /** Round published counts to this base (e.g. 5); null = no rounding. */
  roundTo: number | null;
}

export class DisclosurePolicyError extends Error {
  readonly code = 'DISCLOSURE_POLICY_INVALID';
}

export function resolvePolicy(input: Partial<DisclosurePolicy> = {}, env: NodeJS.ProcessEnv = process.env): DisclosurePolicy {
  const threshold = input.threshold ?? (env.OSSERVATORIO_DISCLOSURE_THRESHOLD ? Number(env.OSSERVATORIO_DISCLOSURE_THRESHOLD) : DEFAULT_THRESHOLD);
  if (!Number.isInteger(threshold) || threshold < MIN_THRESHOLD) {
    throw new DisclosurePolicyError(
      `Disclosure threshold ${threshold} is below the statistical code's minimum of ${MIN_THRESHOLD}; set OSSERVATORIO_DISCLOSURE_THRESHOLD to an integer ≥ ${MIN_THRESHOLD}.`,
    );
  }
  const roundRaw = input.roundTo !== undefined ? input.roundTo : env.OSSERVATORIO_DISCLOSURE_ROUND ? Number(env.OSSERVATORIO_DISCLOSURE_ROUND) : null;
  if (roundRaw !== null && (!Number.isInteger(roundRaw) || roundRaw < 2)) {
    throw new DisclosurePolicyError(`Rounding base ${roundRaw} must be an integer ≥ 2 (e.g. 5), or unset.`);
  }
  return { threshold, roundTo: roundRaw };
}

/** Primary suppression: a count is unsafe when 0 < n < threshold. */
export function isUnsafeCount(n: number, policy: DisclosurePolicy): boolean {
  return n > 0 && n < policy.threshold;
}

export function roundCount(n: number, policy: DisclosurePolicy): number {
  return policy.roundTo ? Math.round(n / policy.roundTo) * policy.roundTo : n;
}
