// The accounts in ops.users: add, list, disable, reset password,
// authenticate. Shared by the server (login, demo users, the session's user)
// and the CLI (`osservatorio users`). Passwords only ever exist here as
// arguments; they are hashed at once and never logged or returned.
import type { Session } from '../db.ts';
import { deleteUserSessions } from './sessions.ts';
import { checkPasswordPolicy, dummyPasswordHash, hashPassword, verifyPassword } from './passwords.ts';
import type { Scope } from '../access/roles.ts';
import { isUserRole, parseScope, scopeItems, type AuthUser, type UserRole } from './account.ts';
import { homeText, parseHome, type Home } from './home.ts';

export const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export class UserError extends Error {
  constructor(
    readonly code: 'USERNAME_INVALID' | 'ROLE_INVALID' | 'USER_EXISTS' | 'USER_UNKNOWN' | 'SCOPE_REQUIRED',
    message: string,
  ) {
    super(message);
  }
}

export interface UserRecord {
  username: string;
  role: UserRole;
  scope: Scope;
  /** Where the dashboard opens for this user (ops.users.home); null for the overview of every territory. */
  home: Home | null;
  disabled: boolean;
  demo: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

interface UserRow {
  username: string;
  role: string;
  scope: string[];
  home: string | null;
  password_hash: string;
  disabled: boolean;
  demo: boolean;
  created_at: string;
  last_login_at: string | null;
}

// A home stored by an older version or by hand that no longer parses is no home, not a failed login.
function homeOf(r: UserRow): Home | null {
  try {
    return parseHome(r.home);
  } catch {
    return null;
  }
}

function toRecord(r: UserRow): UserRecord {
  return {
    username: r.username,
    role: r.role as UserRole,
    scope: parseScope(r.scope ?? []),
    home: homeOf(r),
    disabled: r.disabled,
    demo: r.demo,
    createdAt: r.created_at,
    lastLoginAt: r.last_login_at,
  };
}

export function checkUsername(username: string): void {
  if (!USERNAME_RE.test(username)) {
    throw new UserError('USERNAME_INVALID', `Username "${username}" must be 3–64 characters: a-z, 0-9, '.', '_', '-', starting with a letter or digit.`);
  }
}

export interface AddUserInput {
  username: string;
  role: string;
  scope?: Scope;
  home?: Home | null;
  password: string;
  demo?: boolean;
}

export async function addUser(db: Session, input: AddUserInput): Promise<UserRecord> {
  checkUsername(input.username);
  if (!isUserRole(input.role)) {
    throw new UserError('ROLE_INVALID', `Role "${input.role}" is not one of funder, analyst, director, admin.`);
  }
  const scope = input.scope ?? { programmes: [], projects: [] };
  if (input.role === 'funder' && scope.programmes.length + scope.projects.length === 0) {
    throw new UserError('SCOPE_REQUIRED', 'A funder needs a scope: --scope programme:CODE and/or project:CUP.');
  }
  checkPasswordPolicy(input.password);
  if (await findUserRow(db, input.username)) {
    throw new UserError('USER_EXISTS', `User "${input.username}" already exists; use reset-password or choose another name.`);
  }
  const passwordHash = await hashPassword(input.password);
  const items = input.role === 'funder' ? scopeItems(scope) : [];
  await db.run(
    `insert into ops.users (username, role, scope, home, password_hash, disabled, demo, created_at, updated_at)
     values ($1, $2, $3::VARCHAR[], $4, $5, false, $6, now(), now())`,
    [input.username, input.role, JSON.stringify(items), homeText(input.home ?? null), passwordHash, Boolean(input.demo)],
  );
  return toRecord((await findUserRow(db, input.username))!);
}

async function findUserRow(db: Session, username: string): Promise<UserRow | undefined> {
  return db.one<UserRow>(`select * from ops.users where username = $1`, [username]);
}

export async function getUser(db: Session, username: string): Promise<UserRecord | undefined> {
  const row = await findUserRow(db, username);
  return row ? toRecord(row) : undefined;
}

export async function listUsers(db: Session): Promise<UserRecord[]> {
  return (await db.rows<UserRow>(`select * from ops.users order by username`)).map(toRecord);
}

async function requireUser(db: Session, username: string): Promise<void> {
  if (!(await findUserRow(db, username))) throw new UserError('USER_UNKNOWN', `No user "${username}". See 'osservatorio users list'.`);
}

/**
 * Sets (or clears, with null) where the dashboard opens for a user. Sessions
 * go on: the home changes no permission, and a running server reads it again
 * within its session recheck interval.
 */
export async function setHome(db: Session, username: string, home: Home | null): Promise<void> {
  await requireUser(db, username);
  await db.run(`update ops.users set home = $2, updated_at = now() where username = $1`, [username, homeText(home)]);
}

/** Disables a user and ends all their sessions. */
export async function disableUser(db: Session, username: string): Promise<void> {
  await requireUser(db, username);
  await db.run(`update ops.users set disabled = true, updated_at = now() where username = $1`, [username]);
  await deleteUserSessions(db, username);
}

/** Sets a new password, re-enables the user and ends their sessions. */
export async function resetPassword(db: Session, username: string, password: string): Promise<void> {
  await requireUser(db, username);
  checkPasswordPolicy(password);
  const passwordHash = await hashPassword(password);
  await db.run(`update ops.users set password_hash = $2, disabled = false, updated_at = now() where username = $1`, [
    username,
    passwordHash,
  ]);
  await deleteUserSessions(db, username);
}

/**
 * Checks a username and password. Unknown users, disabled users, and demo
 * users outside demo mode all fail the same way, after the same argon2 work.
 */
export async function authenticate(
  db: Session,
  username: string,
  password: string,
  options: { demo: boolean },
): Promise<AuthUser | null> {
  const row = USERNAME_RE.test(username) ? await findUserRow(db, username) : undefined;
  const ok = await verifyPassword(row?.password_hash ?? (await dummyPasswordHash()), password);
  if (!row || !ok || row.disabled || (row.demo && !options.demo)) return null;
  await db.run(`update ops.users set last_login_at = now() where username = $1`, [username]);
  return { username: row.username, role: row.role as UserRole, scope: parseScope(row.scope ?? []), demo: row.demo, home: homeOf(row) };
}

/** The current user record as a session sees it (null if gone or disabled). */
export async function loadSessionUser(db: Session, username: string, options: { demo: boolean }): Promise<AuthUser | null> {
  const row = await findUserRow(db, username);
  if (!row || row.disabled || (row.demo && !options.demo) || !isUserRole(row.role)) return null;
  return { username: row.username, role: row.role, scope: parseScope(row.scope ?? []), demo: row.demo, home: homeOf(row) };
}
