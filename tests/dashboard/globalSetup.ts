// Vitest globalSetup: build the SvelteKit dashboard once before the tests when
// dashboard/build is missing or older than any source file, so a fresh clone's
// `npm test` serves real pages. A file lock keeps parallel runs from building
// into the same directory at once.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where tests/e2e/harness.ts builds the shared e2e demo data, once per run. */
    e2eDemoRoot: string;
  }
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DASHBOARD = join(ROOT, 'dashboard');
const BUILT = join(DASHBOARD, 'build', 'handler.js');
const SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of readdirSync(path)) max = Math.max(max, newestMtime(join(path, e)));
  return max;
}

export function dashboardBuildIsStale(): boolean {
  if (!existsSync(BUILT)) return true;
  const built = statSync(BUILT).mtimeMs;
  return SOURCES.some((s) => newestMtime(join(DASHBOARD, s)) > built);
}

export default function setup(project: TestProject): () => void {
  const e2eDemoRoot = mkdtempSync(join(tmpdir(), 'oss-e2e-demo-'));
  project.provide('e2eDemoRoot', e2eDemoRoot);
  buildDashboardIfStale();
  return () => rmSync(e2eDemoRoot, { recursive: true, force: true });
}

function buildDashboardIfStale(): void {
  if (!dashboardBuildIsStale()) return;
  const vite = join(ROOT, 'node_modules', '.bin', 'vite');
  const r = spawnSync('flock', ['/tmp/osservatorio-dashboard-build.lock', vite, 'build'], {
    cwd: DASHBOARD,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (r.status !== 0)
    throw new Error(`Building the dashboard failed (cd dashboard && vite build, exit ${r.status}):\n${(r.stderr ?? '').slice(-4000)}`);
}
