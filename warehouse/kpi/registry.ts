// The KPI registry: every KPI code of the catalogue (kpis.md), one definition
// each. The query layer, the CLI, docs/kpis.md and the tests all read it here.
import { MISMATCH } from './defs/mismatch.ts';
import { PLACEMENT } from './defs/placement.ts';
import { SPEND } from './defs/spend.ts';
import { printableEcho } from './printableEcho.ts';
import { KpiRequestError, type KpiCode, type KpiDefinition } from './types.ts';

export const KPI_LIST: readonly KpiDefinition[] = [...MISMATCH, ...PLACEMENT, ...SPEND];

export const KPIS: Readonly<Record<KpiCode, KpiDefinition>> = Object.fromEntries(
  KPI_LIST.map((d) => [d.code, d]),
) as Record<KpiCode, KpiDefinition>;

export function listKpis(): KpiDefinition[] {
  return [...KPI_LIST];
}

export function isKpiCode(code: string): code is KpiCode {
  return Object.hasOwn(KPIS, code);
}

export function kpiOrThrow(code: string): KpiDefinition {
  if (typeof code !== 'string' || !isKpiCode(code))
    throw new KpiRequestError('UNKNOWN_KPI', `Unknown KPI code '${printableEcho(String(code))}'. See 'osservatorio kpi --list'.`);
  return KPIS[code];
}
