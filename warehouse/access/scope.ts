// A scoped user's view of the KPIs (ROLE_RULES[role].scoped, e.g. a funder):
// which KPIs it may ask for, how its request is narrowed to its programmes
// and CUPs, and which result rows belong to its scope.
import type { Session } from '../db.ts';
import type { FilterValue, KpiRequest } from '../kpi/types.ts';
import { badRequest, forbidden } from './errors.ts';
import { filterValues } from './request.ts';
import type { Principal } from './roles.ts';

/** The scope dimensions of the warehouse: a scoped user's filters are forced onto them. */
export const PROGRAMME_DIM = 'programme';
export const PROJECT_DIM = 'project';

/**
 * KPIs a funder may see (spend and programme outcomes); everything else is
 * internal. With the KPI's dimensions from the registry: a KPI cut by
 * programme or project. Without them: by its code.
 */
export function isFunderKpi(code: string, kpiDimensions?: readonly string[]): boolean {
  if (kpiDimensions) return kpiDimensions.includes(PROGRAMME_DIM) || kpiDimensions.includes(PROJECT_DIM);
  return /^SP_/.test(code) || /^PL_(RATE|EECR|FUNNEL|QUAL|CONV|EVT)/.test(code);
}

/**
 * Narrows a scoped user's request to its scope. Filters on programmes or
 * projects outside the scope are refused (403). Without such filters the
 * scope is imposed: as a filter when the scope has one kind, otherwise by
 * grouping on project so rows can be checked one by one after the query.
 */
export async function scopeRequest(db: Session, user: Principal, request: KpiRequest, kpiDimensions?: readonly string[]): Promise<{ request: KpiRequest; rowCheck: boolean }> {
  const { programmes, projects } = user.scope;
  if (!programmes.length && !projects.length) throw forbidden('Il tuo profilo non ha un ambito assegnato. / Your account has no scope.');
  const canProgramme = !kpiDimensions || kpiDimensions.includes(PROGRAMME_DIM);
  const canProject = !kpiDimensions || kpiDimensions.includes(PROJECT_DIM);
  if (!canProgramme && !canProject) throw forbidden();
  const askedProgrammes = filterValues(request, PROGRAMME_DIM);
  const askedProjects = filterValues(request, PROJECT_DIM);
  if (askedProgrammes?.some((p) => !programmes.includes(p))) throw forbidden();
  if (askedProjects) {
    const outside = askedProjects.filter((c) => !projects.includes(c));
    if (outside.length) {
      const rows = await db.rows<{ cup: string; programme_code: string }>(
        `select cup, programme_code from core.projects where list_contains($1::VARCHAR[], cup)`,
        [JSON.stringify(outside)],
      );
      const ok = outside.every((c) => rows.some((r) => r.cup === c && programmes.includes(r.programme_code)));
      if (!ok) throw forbidden();
    }
  }
  if (askedProgrammes || askedProjects) return { request, rowCheck: true };
  const filters: Record<string, FilterValue> = { ...(request.filters ?? {}) };
  if (programmes.length && (!projects.length || !canProject)) {
    if (!canProgramme) throw forbidden();
    filters[PROGRAMME_DIM] = [...programmes];
    return { request: { ...request, filters }, rowCheck: true };
  }
  if (projects.length && !programmes.length) {
    if (!canProject) throw forbidden();
    filters[PROJECT_DIM] = [...projects];
    return { request: { ...request, filters }, rowCheck: true };
  }
  // Both kinds: the query layer ANDs filters, so group by project and keep in-scope rows.
  const dims = [...new Set([...(request.dims ?? []), PROJECT_DIM])];
  return { request: { ...request, dims }, rowCheck: true };
}

/**
 * True when a result row belongs to the user's scope. Rows carrying no
 * programme or project column are in scope only when the request pinned the
 * scope as a filter (the query layer already narrowed them).
 */
export function rowInScope(user: Principal, row: Readonly<Record<string, unknown>>, projectProgramme: Map<string, string>, request: KpiRequest): boolean {
  const cup = row[PROJECT_DIM];
  const prog = row[PROGRAMME_DIM] ?? (typeof cup === 'string' ? projectProgramme.get(cup) : undefined);
  if (typeof cup === 'string') return user.scope.projects.includes(cup) || (typeof prog === 'string' && user.scope.programmes.includes(prog));
  // Projects pinned by a (validated, in-scope) filter: the query layer already narrowed every row to them.
  if (filterValues(request, PROJECT_DIM)?.length) return true;
  if (typeof prog === 'string') return user.scope.programmes.includes(prog);
  return Boolean(filterValues(request, PROGRAMME_DIM)?.length);
}

/** Programme codes and CUPs must exist: probing unknown ids is a 400, not an empty answer. */
export async function checkScopeValuesExist(db: Session, request: KpiRequest): Promise<void> {
  const programmes = filterValues(request, PROGRAMME_DIM);
  if (programmes?.length) {
    const n = await db.scalar<number>(`select count(*) from core.programmes where list_contains($1::VARCHAR[], programme_code)`, [JSON.stringify(programmes)]);
    if (n !== new Set(programmes).size) throw badRequest('Unknown programme code.');
  }
  const cups = filterValues(request, PROJECT_DIM);
  if (cups?.length) {
    const n = await db.scalar<number>(`select count(*) from core.projects where list_contains($1::VARCHAR[], cup)`, [JSON.stringify(cups)]);
    if (n !== new Set(cups).size) throw badRequest('Unknown CUP.');
  }
}
