// Roles and what each may do, defined once. Everything that decides by role
// (the authorization seam, the cache key, the server's route lists and
// sessions) reads ROLE_RULES instead of naming roles. ROLE_RULES is a
// Record over Role: adding a role to ROLES does not compile until its rules
// are written here.

export const ROLES = ['public', 'funder', 'analyst', 'director', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The role of whoever is not signed in (the absence of a user). */
export const ANONYMOUS_ROLE = 'public' satisfies Role;

export interface RoleRules {
  /**
   * Which KPIs the role may query: none (only the published open-data
   * tables), funder (only KPIs cut by programme or project: spend and
   * programme outcomes) or all.
   */
  kpis: 'none' | 'funder' | 'all';
  /**
   * Answers narrowed to the programmes/CUPs of the user's scope, row by row,
   * with counts passing the funder tables' disclosure control. A scoped role
   * never gets a result the access layer cannot read rows from (e.g. Arrow).
   */
  scoped: boolean;
  /** Sees unscoped internal detail: internal pages, every route not listed as public. */
  internal: boolean;
  /** Order for "at least" checks. */
  rank: number;
}

export const ROLE_RULES: Readonly<Record<Role, Readonly<RoleRules>>> = {
  public: { kpis: 'none', scoped: false, internal: false, rank: 0 },
  funder: { kpis: 'funder', scoped: true, internal: false, rank: 1 },
  analyst: { kpis: 'all', scoped: false, internal: true, rank: 2 },
  director: { kpis: 'all', scoped: false, internal: true, rank: 3 },
  admin: { kpis: 'all', scoped: false, internal: true, rank: 4 },
};

/**
 * The rules of a role, or undefined for a string that is no role. Roles come
 * from the session, but a caller outside TypeScript could pass anything:
 * callers refuse what has no rules (fail closed).
 */
export function rulesOf(role: string): Readonly<RoleRules> | undefined {
  return Object.hasOwn(ROLE_RULES, role) ? ROLE_RULES[role as Role] : undefined;
}

/** The roles whose rules pass the test, in ROLES order. */
export function rolesWhere(test: (rules: Readonly<RoleRules>) => boolean): Role[] {
  return ROLES.filter((role) => test(ROLE_RULES[role]));
}

/** True for roles that see unscoped internal detail. */
export function isInternal(role: Role): boolean {
  return ROLE_RULES[role].internal;
}

/**
 * True when `role` is at least `min`. A scoped role is a separate branch, not
 * a step of the ladder: "at least funder" means any signed-in role.
 */
export function atLeast(role: Role, min: Role): boolean {
  if (ROLE_RULES[min].scoped) return role !== ANONYMOUS_ROLE;
  return ROLE_RULES[role].rank >= ROLE_RULES[min].rank;
}

/** The programme codes and CUPs a scoped user may see (from its user record, never from the URL). */
export interface Scope {
  programmes: string[];
  projects: string[];
}

/** Who asks: what the authorization layer needs to know about a user. */
export interface Principal {
  username: string | null;
  role: Role;
  scope: Scope;
}

/** The anonymous visitor as the access layer sees it. */
export const ANONYMOUS_PRINCIPAL: Readonly<Principal> = Object.freeze({
  username: null,
  role: ANONYMOUS_ROLE,
  scope: Object.freeze({ programmes: [], projects: [] }) as Scope,
});

/**
 * The access scope of a user, as part of a cache key: the role, and for a
 * scoped role its sorted programmes and CUPs. Two users with the same role
 * and scope share cache entries; any other two never do.
 */
export function accessScope(user: Pick<Principal, 'role' | 'scope'> | undefined): string {
  if (!user) return ANONYMOUS_ROLE;
  if (!rulesOf(user.role)?.scoped) return user.role;
  return `${user.role}:${[...user.scope.programmes.map((p) => `p:${p}`), ...user.scope.projects.map((c) => `c:${c}`)].sort().join(',')}`;
}
