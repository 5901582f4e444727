// Targets set on the observatory's own KPIs: rows of the targets feed
// (core.targets) whose indicator_code is a KPI code of the registry, e.g. a
// province's placement rate at 6 months to reach by 2029. The overview puts
// each KPI tile against the target of the chosen territory; the status rule
// itself (straight-line path, thresholds) lives with the page
// (dashboard/src/lib/server/targets.ts) because it needs the KPI's current value.
//
// Values are returned in the KPI's own unit: a share KPI holds 0–1, while
// target files usually write percentages ('%' unit, 37 = 37%), so those are
// divided by 100 here, once.
import type { Session } from '../db.ts';
import { KPI_LIST } from './registry.ts';

export interface KpiTarget {
  targetId: string;
  /** 'territory' (scopeId = ISTAT code of a region, province or comune, or an office id) or 'programme'. */
  scope: 'territory' | 'programme';
  scopeId: string;
  kpi: string;
  kind: 'milestone' | 'target';
  dueDate: string;
  targetValue: number;
  baseline: number | null;
  /** Start of the straight-line path: the programme's period start; null for territory targets (the page applies its stated default). */
  start: string | null;
}

const SHARE_UNITS = new Set(['share', 'rate']);

export async function kpiTargets(db: Session): Promise<KpiTarget[]> {
  const units = new Map(KPI_LIST.map((d) => [d.code as string, d.unit]));
  const rows = await db.rows<{
    target_id: string;
    scope: string;
    scope_id: string;
    kpi: string;
    kind: string | null;
    due_date: string;
    target_value: number;
    baseline: number | null;
    unit: string | null;
    start: string | null;
  }>(
    `select t.target_id, t.scope, t.scope_id, t.indicator_code as kpi, t.kind, t.due_date::VARCHAR as due_date,
            t.target_value, t.baseline, t.unit, p.period_start::VARCHAR as start
       from core.targets t
       left join core.programmes p on t.scope = 'programme' and p.programme_code = t.scope_id
      where t.scope in ('territory', 'programme') and list_contains(string_split($1, ','), t.indicator_code)
      order by t.indicator_code, t.scope, t.scope_id, t.due_date`,
    [[...units.keys()].join(',')],
  );
  return rows.map((r) => {
    const percent = r.unit?.trim() === '%' && SHARE_UNITS.has(units.get(r.kpi) ?? '');
    const scale = (v: number | null) => (v === null ? null : percent ? v / 100 : v);
    return {
      targetId: r.target_id,
      scope: r.scope as KpiTarget['scope'],
      scopeId: r.scope_id,
      kpi: r.kpi,
      kind: r.kind === 'milestone' ? 'milestone' : 'target',
      dueDate: r.due_date,
      targetValue: scale(r.target_value)!,
      baseline: scale(r.baseline),
      start: r.start,
    };
  });
}
