// A snapshot reader's line to the writer (the `serve` process that owns the
// warehouse of the same data directory). Sessions live in the writer's
// ops.sessions: a reader asks the writer who a cookie belongs to, so a
// session created, ended or timed out there is the same session here, and
// sends the writer its audit entries, so the audit trail stays whole. The
// writer is found, with its operator token, in <data-dir>/server.json (0600):
// only a process that can read the data directory can ask.
import { createHash } from 'node:crypto';
import type { Logger } from '../../runtime/log.ts';
import type { AuditEntry } from '../../warehouse/access/audit.ts';
import { isUserRole, type AuthUser } from '../../warehouse/accounts/account.ts';
import type { DataPaths } from '../../warehouse/paths.ts';
import type { SessionAuthority } from '../auth/http.ts';
import { OPERATOR_TOKEN_HEADER, readServerInfo, type ServerInfo } from '../serverInfo.ts';

/**
 * How long a reader trusts the writer's answer about one cookie. A logout or
 * timeout on the writer reaches every reader within this time (the writer's
 * own copy is kept 10 s, server/auth/sessions.ts; a reader's is shorter).
 */
export const REPLICA_RECHECK_MS = 2_000;

export class WriterUnreachableError extends Error {
  readonly code = 'WRITER_UNREACHABLE';
}

function validUser(u: unknown): AuthUser | null {
  if (u === null) return null;
  const o = u as Partial<AuthUser>;
  if (!o || typeof o.username !== 'string' || typeof o.role !== 'string' || !isUserRole(o.role) || !o.scope)
    throw new WriterUnreachableError('The writer answered a session lookup with something that is not a user.');
  return { ...o, home: o.home ?? null, demo: Boolean(o.demo) } as AuthUser;
}

export class WriterLink implements SessionAuthority {
  private readonly kept = new Map<string, { user: AuthUser | null; at: number }>();

  constructor(
    private readonly paths: Pick<DataPaths, 'dataDir'>,
    private readonly logger: Logger,
    private readonly options: { recheckMs?: number; timeoutMs?: number } = {},
  ) {}

  /** The writer of this data directory, or undefined when none runs. */
  writer(): ServerInfo | undefined {
    return readServerInfo(this.paths);
  }

  private async post(path: string, body: unknown): Promise<unknown> {
    const info = this.writer();
    if (!info)
      throw new WriterUnreachableError(`No writer serves ${this.paths.dataDir} (no live server.json): sessions and audit need 'osservatorio serve' running on it.`);
    let res: Response;
    try {
      res = await fetch(`${info.url}/api/replica${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [OPERATOR_TOKEN_HEADER]: info.token },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 2_000),
      });
    } catch (err) {
      throw new WriterUnreachableError(`The writer at ${info.url} did not answer ${path}: ${(err as Error).message}`);
    }
    if (!res.ok) throw new WriterUnreachableError(`The writer at ${info.url} answered ${path} with HTTP ${res.status}.`);
    return res.json();
  }

  /** The user of a live session on the writer; null when the writer says there is none. Throws when it cannot be asked. */
  async resolve(token: string): Promise<AuthUser | null> {
    const key = createHash('sha256').update(token).digest('hex');
    const now = Date.now();
    const kept = this.kept.get(key);
    if (kept && now - kept.at <= (this.options.recheckMs ?? REPLICA_RECHECK_MS)) return kept.user;
    const answer = (await this.post('/session', { token })) as { user?: unknown };
    const user = validUser(answer.user ?? null);
    if (this.kept.size > 10_000) this.kept.clear();
    this.kept.set(key, { user, at: now });
    return user;
  }

  /** Sends one audit entry to the writer; when it cannot, the entry goes to this process's log in full (it holds no secret). */
  readonly audit = async (entry: AuditEntry): Promise<void> => {
    try {
      await this.post('/audit', entry);
    } catch (err) {
      this.logger.error({ code: 'AUDIT_NOT_FORWARDED', entry, error: (err as Error).message }, 'audit entry kept in this log: the writer could not record it');
    }
  };
}
