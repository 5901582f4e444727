// Demo users, one per role, with documented passwords (docs/security.md).
// Created only when the server runs in demo mode; flagged `demo`, so they
// cannot log in if the same database is later served outside demo mode.
import type { Session } from '../../warehouse/db.ts';
import { addUser, getUser, setHome } from '../../warehouse/accounts/users.ts';
import type { Home } from '../../warehouse/accounts/home.ts';
import type { Scope } from '../../warehouse/access/roles.ts';
import type { UserRole } from '../../warehouse/accounts/account.ts';

export interface DemoUser {
  username: string;
  role: UserRole;
  password: string;
  scope?: Scope;
  home?: Home;
}

/** The Bologna PN Metro project shown with its real public figures. */
export const DEMO_FUNDER_CUP = 'F31D23000140007';

/** The demo director works on the Città metropolitana di Bari (the overview's province filter takes its UTS code, 272). */
export const DEMO_DIRECTOR_HOME: Home = { level: 'province', code: '272' };

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'demo-admin', role: 'admin', password: 'demo-admin-password' },
  { username: 'demo-director', role: 'director', password: 'demo-director-password', home: DEMO_DIRECTOR_HOME },
  { username: 'demo-analyst', role: 'analyst', password: 'demo-analyst-password' },
  {
    username: 'demo-funder',
    role: 'funder',
    password: 'demo-funder-password',
    scope: { programmes: [], projects: [DEMO_FUNDER_CUP] },
  },
];

/**
 * Creates the missing demo users (idempotent) and gives a home to those made
 * before homes existed. Call only in demo mode.
 */
export async function ensureDemoUsers(db: Session): Promise<string[]> {
  const created: string[] = [];
  for (const u of DEMO_USERS) {
    const existing = await getUser(db, u.username);
    if (existing) {
      if (existing.demo && u.home && !existing.home) await setHome(db, u.username, u.home);
      continue;
    }
    await addUser(db, { ...u, demo: true });
    created.push(u.username);
  }
  return created;
}
