// Server-side sessions in ops.sessions. The cookie carries a random 256-bit
// token; the table keeps only HMAC-SHA256(secret, token), so neither a copy of
// the database nor of the logs can be replayed. Idle and absolute timeouts are
// checked on every request; login always issues a new token (no fixation).
import { createHmac, randomBytes } from 'node:crypto';
import type { Session } from '../../../warehouse/db.ts';

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

export class SessionStore {
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
    await db.run(
      `insert into ops.sessions (token_hash, username, created_at, last_seen_at, expires_at)
       values ($1, $2, now(), now(), now() + to_hours($3::BIGINT))`,
      [this.hash(token), username, this.policy.absoluteHours],
    );
    return token;
  }

  /**
   * The username of a live session, or null. Expired sessions are deleted; the
   * idle clock is refreshed at most once a minute to spare writes.
   */
  async resolve(db: Session, token: string | undefined): Promise<string | null> {
    if (!token || !TOKEN_RE.test(token)) return null;
    const tokenHash = this.hash(token);
    const row = await db.one<{ username: string; live: boolean; stale: boolean }>(
      `select username,
              expires_at > now() and last_seen_at > now() - to_minutes($2::BIGINT) as live,
              last_seen_at < now() - interval 1 minute as stale
       from ops.sessions where token_hash = $1`,
      [tokenHash, this.policy.idleMinutes],
    );
    if (!row) return null;
    if (!row.live) {
      await db.run(`delete from ops.sessions where token_hash = $1`, [tokenHash]);
      return null;
    }
    if (row.stale) await db.run(`update ops.sessions set last_seen_at = now() where token_hash = $1`, [tokenHash]);
    return row.username;
  }

  async destroy(db: Session, token: string | undefined): Promise<void> {
    if (!token || !TOKEN_RE.test(token)) return;
    await db.run(`delete from ops.sessions where token_hash = $1`, [this.hash(token)]);
  }

  /** Removes expired sessions (called on login; cheap). */
  async purgeExpired(db: Session): Promise<void> {
    await db.run(
      `delete from ops.sessions where expires_at <= now() or last_seen_at <= now() - to_minutes($1::BIGINT)`,
      [this.policy.idleMinutes],
    );
  }
}
