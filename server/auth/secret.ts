// The session secret keys the HMAC under which session tokens are stored. No
// default secret exists (Superset's default SECRET_KEY lesson): outside demo
// mode the server refuses to start without OSSERVATORIO_SESSION_SECRET of at
// least 32 bytes; demo mode generates one per process and says so.
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../runtime/log.ts';

export const SESSION_SECRET_ENV = 'OSSERVATORIO_SESSION_SECRET';
export const MIN_SECRET_BYTES = 32;

export class SessionSecretError extends Error {
  readonly code = 'SESSION_SECRET_MISSING';
}

export function resolveSessionSecret(options: { demo: boolean; env?: NodeJS.ProcessEnv; logger?: Logger }): Buffer {
  const env = options.env ?? process.env;
  const value = env[SESSION_SECRET_ENV];
  if (value && Buffer.byteLength(value, 'utf8') >= MIN_SECRET_BYTES) return Buffer.from(value, 'utf8');
  if (options.demo) {
    options.logger?.warn(
      { code: 'SESSION_SECRET_GENERATED' },
      `demo mode: ${SESSION_SECRET_ENV} is ${value ? 'too short' : 'not set'}; generated a random session secret for this process (sessions end when it stops)`,
    );
    return randomBytes(MIN_SECRET_BYTES);
  }
  throw new SessionSecretError(
    `${SESSION_SECRET_ENV} is ${value ? `shorter than ${MIN_SECRET_BYTES} bytes` : 'not set'}; the server will not start without it. ` +
      `Generate one with: node -e "console.log(require('crypto').randomBytes(48).toString('base64url'))" ` +
      `and set it in the environment (see docs/security.md).`,
  );
}
