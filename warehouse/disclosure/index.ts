// Disclosure control: the one protected-table step every public and funder output reads from.
export { suppressionPattern, cellKey, TOTAL, FLAG_CONFIDENTIAL } from './protect.ts';
export { protectTables } from './protectTables.ts';
export { populationPattern } from './populationPattern.ts';
export type { CountTable, Dimension, LeafRow, OutputRow, ProtectedTable, Rate } from './protect.ts';
export { resolvePolicy, isUnsafeCount, roundCount, MIN_THRESHOLD, DEFAULT_THRESHOLD, DisclosurePolicyError } from './policy.ts';
export type { DisclosurePolicy } from './policy.ts';
export { determinedVariables } from './linear.ts';
