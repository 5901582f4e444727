// Disclosure control: the one protected-table step every public and funder output reads from.
export { suppressionPattern, cellKey, TOTAL, FLAG_CONFIDENTIAL, NO_EARLIER_RELEASES, RevisionNotProtectableError } from './protect.ts';
export { protectTables } from './protectTables.ts';
export { populationPattern } from './populationPattern.ts';
export type { CountTable, Dimension, EarlierReleases, LeafRow, OutputRow, ProtectedTable, Rate } from './protect.ts';
export { resolvePolicy, isUnsafeCount, roundCount, MIN_THRESHOLD, DEFAULT_THRESHOLD, DisclosurePolicyError } from './policy.ts';
export type { DisclosurePolicy } from './policy.ts';
export { determinedVariables } from './linear.ts';
