// The built SvelteKit dashboard (adapter-node's `dashboard/build/handler.js`).
// It is a build output, not source, so it is found at run time: when it is
// missing the caller gets `undefined` and says so (the server serves a "not
// built" page and logs DASHBOARD_NOT_BUILT) — nothing is faked.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RequestHandler } from 'express';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export const DASHBOARD_BUILD = join(REPO_ROOT, 'dashboard', 'build');

/** The SvelteKit adapter-node handler, when the dashboard has been built. */
export async function findSvelteHandler(
  buildDir = DASHBOARD_BUILD,
): Promise<RequestHandler | undefined> {
  const file = join(buildDir, 'handler.js');
  if (!existsSync(file)) return undefined;
  const mod = (await import(pathToFileURL(file).href)) as { handler?: RequestHandler };
  return mod.handler;
}
