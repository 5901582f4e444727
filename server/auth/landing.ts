// Where each user's work is: the page the dashboard opens on after login and
// when someone asks for `/` (the overview) without being allowed to see it.
// A funder opens on their one project or programme, or on /spend (their
// programmes and projects, nothing else) when their scope has several; a
// user with a home territory opens on the overview of that place; anyone not
// signed in opens on the open data.
import type { AuthUser } from '../../warehouse/accounts/account.ts';
import { rulesOf } from '../../warehouse/access/roles.ts';

export const PUBLIC_LANDING = '/open-data';

export function landingFor(user: Pick<AuthUser, 'role' | 'scope' | 'home'>): string {
  const rules = rulesOf(user.role);
  if (!rules || rules.kpis === 'none') return PUBLIC_LANDING;
  if (rules.scoped) {
    const { programmes, projects } = user.scope;
    if (programmes.length === 1 && !projects.length) return `/programmes/${encodeURIComponent(programmes[0])}`;
    if (projects.length === 1 && !programmes.length) return `/projects/${encodeURIComponent(projects[0])}`;
    return '/spend';
  }
  if (user.home) return `/?${new URLSearchParams({ [user.home.level]: user.home.code }).toString()}`;
  return '/';
}
