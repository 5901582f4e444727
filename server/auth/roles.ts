// Roles and scopes: who may see what. `public` is the anonymous visitor; a
// funder is bound to programme codes and/or CUPs taken from its user record
// (hence from the session), never from the URL.

export const ROLES = ['public', 'funder', 'analyst', 'director', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** Roles a stored user can have (public is the absence of a user). */
export const USER_ROLES = ['funder', 'analyst', 'director', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface Scope {
  programmes: string[];
  projects: string[];
}

/** What every request carries as `req.user` (anonymous = role public). */
export interface AuthUser {
  username: string | null;
  role: Role;
  scope: Scope;
  demo: boolean;
}

export const ANONYMOUS: AuthUser = Object.freeze({
  username: null,
  role: 'public',
  scope: Object.freeze({ programmes: [], projects: [] }) as Scope,
  demo: false,
}) as AuthUser;

export function isUserRole(value: string): value is UserRole {
  return (USER_ROLES as readonly string[]).includes(value);
}

const PROGRAMME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
// CUP: 15 uppercase letters/digits (e.g. F31D23000140007).
const CUP_RE = /^[A-Z0-9]{15}$/;

export class ScopeError extends Error {
  readonly code = 'SCOPE_INVALID';
}

/**
 * Parses 'programme:CODE,project:CUP' (the CLI syntax) or a list of the same
 * items (as stored in ops.users.scope).
 */
export function parseScope(input: string | string[] | null | undefined): Scope {
  const items = (Array.isArray(input) ? input : (input ?? '').split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  const scope: Scope = { programmes: [], projects: [] };
  for (const item of items) {
    const m = /^(programme|project):(.+)$/.exec(item);
    if (!m) throw new ScopeError(`Scope item "${item}" must be programme:CODE or project:CUP.`);
    if (m[1] === 'programme') {
      if (!PROGRAMME_RE.test(m[2])) throw new ScopeError(`Programme code "${m[2]}" is not a valid code.`);
      if (!scope.programmes.includes(m[2])) scope.programmes.push(m[2]);
    } else {
      if (!CUP_RE.test(m[2])) throw new ScopeError(`CUP "${m[2]}" must be 15 uppercase letters or digits.`);
      if (!scope.projects.includes(m[2])) scope.projects.push(m[2]);
    }
  }
  return scope;
}

export function scopeItems(scope: Scope): string[] {
  return [...scope.programmes.map((p) => `programme:${p}`), ...scope.projects.map((c) => `project:${c}`)];
}

/** A stable key for caches: two users with the same role and scope share entries, others never do. */
export function scopeKey(user: AuthUser): string {
  if (user.role !== 'funder') return user.role;
  return `funder:${[...scopeItems(user.scope)].sort().join(',')}`;
}

/** Role order for "at least" checks; funder is a separate branch (scoped), not above public for internal pages. */
const RANK: Record<Role, number> = { public: 0, funder: 1, analyst: 2, director: 3, admin: 4 };

/** True for roles that see unscoped internal detail (analyst, director, admin). */
export function isInternal(role: Role): boolean {
  return RANK[role] >= RANK.analyst;
}

export function atLeast(role: Role, min: Role): boolean {
  if (min === 'funder') return role !== 'public';
  return RANK[role] >= RANK[min];
}
