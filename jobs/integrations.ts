// Modules other parts of the observatory deliver (the data API, the built
// dashboard), found at run time. When one is missing
// the caller gets `undefined` and says so (a job reports `skipped` with the
// reason, the server serves a "not built" page) — nothing is faked.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RequestHandler, Router } from 'express';
import type { AppServices } from '../dashboard/server/services.ts';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

async function optionalModule(relPath: string): Promise<Record<string, unknown> | undefined> {
  const file = join(REPO_ROOT, relPath);
  if (!existsSync(file)) return undefined;
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

function fn<T>(mod: Record<string, unknown> | undefined, ...names: string[]): T | undefined {
  for (const n of names) if (mod && typeof mod[n] === 'function') return mod[n] as T;
  return undefined;
}

export type ApiRouterFactory = (services: AppServices) => Router | Promise<Router>;

/** dashboard/server/api/index.ts → an Express Router factory taking AppServices. */
export async function findApiRouterFactory(): Promise<ApiRouterFactory | undefined> {
  return fn<ApiRouterFactory>(
    await optionalModule('dashboard/server/api/index.ts'),
    'createApiRouter',
    'createDataApiRouter',
    'apiRouter',
    'default',
  );
}

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
