// Server-side sessions, stored as rows of ops.sessions (their SQL is in
// warehouse/accounts/sessions.ts). The cookie carries a random 256-bit
// token; the table keeps only HMAC-SHA256(secret, token), so neither a copy of
// the database nor of the logs can be replayed. Idle and absolute timeouts are
// checked on every request; login always issues a new token (no fixation).
//
// A live session is also kept in memory for a few seconds (RECHECK_MS), so a
// page's burst of requests costs one lookup, not one each: the timeouts are
// still checked on every request against the kept clocks, and logout ends it
// at once. Only this process writes ops.sessions while it serves (DuckDB
// lets one process open the file for writing; `osservatorio users disable`
// runs with the server stopped), so the kept copy cannot be revoked behind
// its back; the recheck bounds how long it could be if that ever changed.
import { createHmac, randomBytes } from 'node:crypto';
import type { Session } from '../../warehouse/db.ts';
import {
  deleteSession,
  insertSession,
  purgeExpiredSessions,
  readSessionClocks,
  touchSession,
} from '../../warehouse/accounts/sessions.ts';

export interface SessionPolicy {
  /** Minutes without a request after which a session ends (default 30). */
  idleMinutes: number;
  /** Hours after login after which a session ends regardless (default 8). */
  absoluteHours: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 30, absoluteHours: 8 };

export function sessionPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): SessionPolicy {
  const num = (v: string | undefined, d: number) => (v && Number(v) > 0 ? Number(v) : d);
  return {
    idleMinutes: num(env.OSSERVATORIO_SESSION_IDLE_MINUTES, DEFAULT_SESSION_POLICY.idleMinutes),
    absoluteHours: num(env.OSSERVATORIO_SESSION_MAX_HOURS, DEFAULT_SESSION_POLICY.absoluteHours),
  };
}

const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

/** How long a session read from ops.sessions is trusted before it is read again. */
export const RECHECK_MS = 10_000;

interface KeptSession {
  username: string;
  /** Date.now() clocks. */
  expiresAt: number;
  lastSeenAt: number;
  /** When the idle clock was last written to ops.sessions. */
  lastSeenWritten: number;
  readAt: number;
}

export class SessionStore {
  /** Per open database (a restored file is another one): token hash → session. */
  private readonly keptBy = new WeakMap<Session, Map<string, KeptSession>>();

  constructor(
    private readonly secret: Buffer,
    readonly policy: SessionPolicy = DEFAULT_SESSION_POLICY,
  ) {}

  private hash(token: string): string {
    return createHmac('sha256', this.secret).update(token).digest('hex');
  }

  /** Creates a session and returns the token for the cookie (never stored). */
  async create(db: Session, username: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await insertSession(db, this.hash(token), username, this.policy.absoluteHours);
    return token;
  }

  /**
   * The username of a live session, or null. Expired sessions are deleted; the
   * idle clock is refreshed at most once a minute to spare writes.
   */
  async resolve(db: Session, token: string | undefined): Promise<string | null> {
    if (!token || !TOKEN_RE.test(token)) return null;
    const tokenHash = this.hash(token);
    const now = Date.now();
    let s = this.kept(db).get(tokenHash);
    if (!s || now - s.readAt > RECHECK_MS) {
      s = await this.read(db, tokenHash, now);
      if (!s) return null;
    }
    if (s.expiresAt <= now || s.lastSeenAt <= now - this.policy.idleMinutes * 60_000) {
      this.kept(db).delete(tokenHash);
      await deleteSession(db, tokenHash);
      return null;
    }
    s.lastSeenAt = now;
    // The idle clock is written at most once a minute, to spare writes.
    if (now - s.lastSeenWritten > 60_000) {
      s.lastSeenWritten = now;
      await touchSession(db, tokenHash);
    }
    return s.username;
  }

  private kept(db: Session): Map<string, KeptSession> {
    let kept = this.keptBy.get(db);
    if (!kept) this.keptBy.set(db, (kept = new Map()));
    return kept;
  }

  /** The session row, its clocks as Date.now() times (the database's now() is their reference). */
  private async read(db: Session, tokenHash: string, now: number): Promise<KeptSession | undefined> {
    const kept = this.kept(db);
    const row = await readSessionClocks(db, tokenHash);
    if (!row) {
      kept.delete(tokenHash);
      return undefined;
    }
    const lastSeenAt = now - row.idleForMs;
    const s = { username: row.username, expiresAt: now + row.expiresInMs, lastSeenAt, lastSeenWritten: lastSeenAt, readAt: now };
    kept.set(tokenHash, s);
    // Sessions of people who never come back: drop copies that are due for a recheck anyway.
    if (kept.size > 10_000) for (const [k, v] of kept) if (now - v.readAt > RECHECK_MS) kept.delete(k);
    return s;
  }

  async destroy(db: Session, token: string | undefined): Promise<void> {
    if (!token || !TOKEN_RE.test(token)) return;
    const tokenHash = this.hash(token);
    this.kept(db).delete(tokenHash);
    await deleteSession(db, tokenHash);
  }

  /** Removes expired sessions (called on login; cheap). */
  async purgeExpired(db: Session): Promise<void> {
    await purgeExpiredSessions(db, this.policy.idleMinutes);
  }
}
