// For SvelteKit server code (+page.server.ts, +server.ts): the request's user
// as the Express middleware set it, read from adapter-node's platform.req.
// Pages use this instead of parsing cookies themselves; data still goes
// through warehouse/access authorizedQuery, which applies the scope.
import type { IncomingMessage } from 'node:http';
import type { Role } from '../../warehouse/access/roles.ts';
import { ANONYMOUS, type AuthUser } from '../../warehouse/accounts/account.ts';

export function userFromPlatform(platform: unknown): AuthUser {
  const req = (platform as { req?: IncomingMessage } | undefined)?.req;
  return req?.user ?? ANONYMOUS;
}

/** True when the user has one of the roles (the route guard already checked the page). */
export function hasRole(user: AuthUser, roles: readonly Role[]): boolean {
  return roles.includes(user.role);
}
