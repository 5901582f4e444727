// What an account is: the roles a stored user can have, the scope syntax of
// the CLI and of ops.users, and the signed-in user every request carries.
// What each role may do is defined once, in the access layer
// (warehouse/access/roles.ts); this module builds on it. A funder is bound
// to programme codes and/or CUPs taken from its user record (hence from the
// session), never from the URL.
import { ANONYMOUS_PRINCIPAL, ANONYMOUS_ROLE, ROLES, type Principal, type Role, type Scope } from '../access/roles.ts';
import type { Home } from './home.ts';

/** Roles a stored user can have (the anonymous role is the absence of a user). */
export type UserRole = Exclude<Role, typeof ANONYMOUS_ROLE>;
export const USER_ROLES: readonly UserRole[] = ROLES.filter((r): r is UserRole => r !== ANONYMOUS_ROLE);

/**
 * What every request carries as `req.user` (anonymous = role public): the
 * access layer's Principal, the session's demo flag and the user's home
 * territory (where the dashboard opens; null for none).
 */
export interface AuthUser extends Principal {
  demo: boolean;
  home: Home | null;
}

export const ANONYMOUS: AuthUser = Object.freeze({ ...ANONYMOUS_PRINCIPAL, demo: false, home: null }) as AuthUser;

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
