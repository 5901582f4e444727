// Authentication as this process runs it: the session secret (required
// outside demo mode), the demo users (created in demo mode), the session
// policy and cookie flags from the environment.
import { randomBytes } from 'node:crypto';
import { createAuth, type Auth, type AuthOptions, type SessionAuthority } from './http.ts';
import { ensureDemoUsers } from './demoUsers.ts';
import { MIN_SECRET_BYTES, resolveSessionSecret } from './secret.ts';
import { sessionPolicyFromEnv } from './sessions.ts';
import type { AppServices } from '../services.ts';

export async function configureAuth(options: {
  services: AppServices;
  env: NodeJS.ProcessEnv;
  /** Overrides the login rate limit (tests). */
  loginLimit?: AuthOptions['loginLimit'];
  /** A snapshot reader's: sessions are the writer's, resolved there (server/replica/). */
  authority?: SessionAuthority;
}): Promise<Auth> {
  const { services, env } = options;
  // A reader keeps no sessions and writes no users: no secret of its own, no demo users.
  if (options.authority)
    return createAuth({
      secret: randomBytes(MIN_SECRET_BYTES),
      demo: services.demo,
      policy: sessionPolicyFromEnv(env),
      loginLimit: options.loginLimit,
      forceSecureCookie: env.OSSERVATORIO_COOKIE_SECURE === 'always',
      authority: options.authority,
    });
  const secret = resolveSessionSecret({
    demo: services.demo,
    env,
    logger: services.logger,
    demoSecretFile: services.paths.demoSessionSecret,
  });
  if (services.demo) {
    const created = await ensureDemoUsers(services.warehouse);
    if (created.length)
      services.logger.info(
        { code: 'DEMO_USERS_CREATED', users: created },
        'demo mode: created demo users (passwords in docs/security.md)',
      );
  }
  return createAuth({
    secret,
    demo: services.demo,
    policy: sessionPolicyFromEnv(env),
    loginLimit: options.loginLimit,
    forceSecureCookie: env.OSSERVATORIO_COOKIE_SECURE === 'always',
  });
}
