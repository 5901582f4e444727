// Rows of ops.sessions: one per signed-in browser, keyed by the hash of the
// token its cookie carries (the token itself is never stored). The clocks are
// the database's: a session ends `absoluteHours` after it was created, or
// after `idleMinutes` without a request. Deciding when to read, keep or
// refresh a row is the session store's business (server/auth/sessions.ts).
import type { Session } from '../db.ts';

/** A session row's clocks, relative to the database's now(). */
export interface SessionClocks {
  username: string;
  /** Milliseconds until the absolute expiry (negative once past). */
  expiresInMs: number;
  /** Milliseconds since the last request that refreshed the idle clock. */
  idleForMs: number;
}

export async function insertSession(db: Session, tokenHash: string, username: string, absoluteHours: number): Promise<void> {
  await db.run(
    `insert into ops.sessions (token_hash, username, created_at, last_seen_at, expires_at)
     values ($1, $2, now(), now(), now() + to_hours($3::BIGINT))`,
    [tokenHash, username, absoluteHours],
  );
}

export async function readSessionClocks(db: Session, tokenHash: string): Promise<SessionClocks | undefined> {
  const row = await db.one<{ username: string; expires_in: number; idle_for: number }>(
    `select username,
            datediff('millisecond', now()::TIMESTAMP, expires_at) as expires_in,
            datediff('millisecond', last_seen_at, now()::TIMESTAMP) as idle_for
     from ops.sessions where token_hash = $1`,
    [tokenHash],
  );
  return row && { username: row.username, expiresInMs: Number(row.expires_in), idleForMs: Number(row.idle_for) };
}

/** Restarts the idle clock of a session. */
export async function touchSession(db: Session, tokenHash: string): Promise<void> {
  await db.run(`update ops.sessions set last_seen_at = now() where token_hash = $1`, [tokenHash]);
}

export async function deleteSession(db: Session, tokenHash: string): Promise<void> {
  await db.run(`delete from ops.sessions where token_hash = $1`, [tokenHash]);
}

/** Ends every session of a user (disabled, or given a new password). */
export async function deleteUserSessions(db: Session, username: string): Promise<void> {
  await db.run(`delete from ops.sessions where username = $1`, [username]);
}

/** Deletes sessions past their absolute expiry or idle for `idleMinutes` or more. */
export async function purgeExpiredSessions(db: Session, idleMinutes: number): Promise<void> {
  await db.run(`delete from ops.sessions where expires_at <= now() or last_seen_at <= now() - to_minutes($1::BIGINT)`, [idleMinutes]);
}
