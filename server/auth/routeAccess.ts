// Whether a user may open a path by the route table: the one decision the
// route guard enforces and the dashboard's navigation shows, so a link is
// offered exactly when following it is allowed. The guard binds it to each
// request (req.routeAccess) for the pages that list links.
import type { Warehouse } from '../../warehouse/db.ts';
import type { AuthUser } from '../../warehouse/accounts/account.ts';
import { rolesWhere, type Role } from '../../warehouse/access/roles.ts';

export type Access = 'public' | Role[];

export interface RouteRule {
  pattern: RegExp;
  access: Access;
  /** The first capture group is a programme code or CUP the funder's scope must cover. */
  scoped?: 'programme' | 'project';
}

// From the roles' rules: a new role lands in these lists by its rules, not by editing them.
/** The roles that see unscoped internal detail: what a path no rule names needs. */
export const INTERNAL: Role[] = rolesWhere((r) => r.internal);
/** Every role that reads KPIs (scoped or not). */
export const FUNDER_AND_INTERNAL: Role[] = rolesWhere((r) => r.kpis !== 'none');

/** The first rule matching a path; a path matching none needs an internal role. */
export function ruleFor(rules: readonly RouteRule[], path: string): RouteRule {
  // SvelteKit's client-side navigation fetches <page>/__data.json: same rule as the page.
  const page = path.replace(/\/__data\.json$/, '') || '/';
  return rules.find((r) => r.pattern.test(page)) ?? { pattern: /.*/, access: INTERNAL };
}

/** A scoped rule's programme or CUP against a funder's scope (a CUP is in scope when its programme is). */
export async function inScope(wh: Warehouse | undefined, user: AuthUser, rule: RouteRule, path: string): Promise<boolean> {
  if (user.role !== 'funder' || !rule.scoped) return true;
  const m = rule.pattern.exec(path.replace(/\/__data\.json$/, ''));
  let id: string;
  try {
    id = decodeURIComponent(m?.[1] ?? '');
  } catch {
    return false;
  }
  if (rule.scoped === 'programme') return user.scope.programmes.includes(id);
  if (user.scope.projects.includes(id)) return true;
  if (!wh || !user.scope.programmes.length) return false;
  const prog = await wh.scalar<string>(`select programme_code from core.projects where cup = $1`, [id]);
  return typeof prog === 'string' && user.scope.programmes.includes(prog);
}

/** Role and scope together; a failed scope lookup refuses (fail closed). */
export async function mayOpen(rule: RouteRule, wh: Warehouse | undefined, user: AuthUser, path: string): Promise<boolean> {
  if (rule.access === 'public') return true;
  if (!rule.access.includes(user.role)) return false;
  try {
    return await inScope(wh, user, rule, path);
  } catch {
    return false;
  }
}

/** What the pages of one request may ask about the route table. */
export interface RouteAccess {
  /** The paths of `paths` (pathnames, no query) this request's user may open, in the same order. */
  openable(paths: readonly string[]): Promise<string[]>;
  /** Where this request's user's work is (server/auth/landing.ts). */
  landing: string;
}

/** The route table bound to one user. */
export function routeAccessFor(rules: readonly RouteRule[], wh: Warehouse | undefined, user: AuthUser, landing: string): RouteAccess {
  return {
    landing,
    async openable(paths) {
      const open = await Promise.all(paths.map((p) => mayOpen(ruleFor(rules, p), wh, user, p)));
      return paths.filter((_, i) => open[i]);
    },
  };
}

declare module 'http' {
  interface IncomingMessage {
    /** Set by the route guard: the route table bound to this request's user. */
    routeAccess?: RouteAccess;
  }
}
