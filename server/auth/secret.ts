// The session secret keys the HMAC under which session tokens are stored. No
// default secret exists (Superset's default SECRET_KEY lesson): outside demo
// mode the server refuses to start without OSSERVATORIO_SESSION_SECRET of at
// least 32 bytes. Demo mode without it keeps a generated secret in the data
// directory when given a file for it (a restart keeps the demo's sessions), or
// generates one for the process; either way it says so, and never logs the
// secret itself.
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../runtime/log.ts';
import { keptDemoSecret } from './demoSecretFile.ts';

export const SESSION_SECRET_ENV = 'OSSERVATORIO_SESSION_SECRET';
export const MIN_SECRET_BYTES = 32;

export class SessionSecretError extends Error {
  readonly code = 'SESSION_SECRET_MISSING';
}

export function resolveSessionSecret(options: {
  demo: boolean;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Demo mode only: where the generated secret is kept between starts (created 0600 on first use). */
  demoSecretFile?: string;
}): Buffer {
  const env = options.env ?? process.env;
  const value = env[SESSION_SECRET_ENV];
  if (value && Buffer.byteLength(value, 'utf8') >= MIN_SECRET_BYTES) return Buffer.from(value, 'utf8');
  if (options.demo) {
    const why = `demo mode: ${SESSION_SECRET_ENV} is ${value ? 'too short' : 'not set'}`;
    if (options.demoSecretFile) {
      const kept = keptDemoSecret(options.demoSecretFile, MIN_SECRET_BYTES);
      if (kept.narrowed)
        options.logger?.warn({ code: 'SESSION_SECRET_FILE_NARROWED', file: options.demoSecretFile }, 'demo mode: the session secret file was readable by others; narrowed it to mode 0600');
      options.logger?.warn(
        { code: kept.created ? 'SESSION_SECRET_GENERATED' : 'SESSION_SECRET_KEPT', file: options.demoSecretFile },
        kept.created
          ? `${why}; generated a session secret and kept it in ${options.demoSecretFile} (demo sessions survive a restart)`
          : `${why}; using the session secret kept in ${options.demoSecretFile}`,
      );
      return kept.secret;
    }
    options.logger?.warn(
      { code: 'SESSION_SECRET_GENERATED' },
      `${why}; generated a random session secret for this process (sessions end when it stops)`,
    );
    return randomBytes(MIN_SECRET_BYTES);
  }
  throw new SessionSecretError(
    `${SESSION_SECRET_ENV} is ${value ? `shorter than ${MIN_SECRET_BYTES} bytes` : 'not set'}; the server will not start without it. ` +
      `Generate one with: node -e "console.log(require('crypto').randomBytes(48).toString('base64url'))" ` +
      `and set it in the environment (see docs/security.md).`,
  );
}
