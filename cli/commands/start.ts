// `osservatorio start` (what `npm start` runs): from a fresh clone to a served
// dashboard in one command — prepare the data dir and schema, load the
// embedded demo when the warehouse is empty, refresh the marts, build the
// dashboard when it is missing or older than its sources, then serve.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { dataPaths, openForWrite, print } from '../context.ts';
import { CliError, EXIT, RefusedError } from '../errors.ts';
import { lastLines, runQuietly } from '../quietRun.ts';
import { DASHBOARD_BUILD, REPO_ROOT } from '../../server/dashboardBuild.ts';
import { ensureDemo } from '../../demo/index.ts';
import { ensureDemoReleases } from '../../demo/releases.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { publishOpenData } from '../../warehouse/opendata/index.ts';
import { readServerInfo, runningServerMessage } from '../../server/serverInfo.ts';
import { ensureShippedReference } from '../../warehouse/reference/loadReferenceData.ts';
import { WarehouseLockedError } from '../../warehouse/db.ts';
import { MigrationError } from '../../warehouse/migrate.ts';
import { serveUntilSignal, withServeOptions, type ServeCliOptions } from './serve.ts';

/** Enough of a failed build's output to show the bundler's error and where it happened. */
const BUILD_FAILURE_LINES = 40;

const DASHBOARD_SOURCES = [
  'dashboard/src',
  'dashboard/static',
  'dashboard/svelte.config.js',
  'dashboard/vite.config.ts',
  'svelte.config.js',
  'vite.config.ts',
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = 0;
  for (const e of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, e)));
  return newest;
}

/** Why the dashboard must be (re)built, or null when the build is current. */
export function dashboardBuildNeeded(root = REPO_ROOT, build = DASHBOARD_BUILD): string | null {
  const handler = join(build, 'handler.js');
  if (!existsSync(handler)) return 'dashboard/build is missing';
  const sources = Math.max(...DASHBOARD_SOURCES.map((p) => newestMtime(join(root, p))));
  return sources > statSync(handler).mtimeMs
    ? 'the dashboard sources changed since the last build'
    : null;
}

function hasBuildScript(): boolean {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  return Boolean(pkg.scripts?.build);
}

/** Builds the dashboard when it is missing or older than its sources (npm start, and the bench before it measures pages). */
export function ensureDashboardBuilt(report: (line: string) => void = print): void {
  const why = dashboardBuildNeeded();
  if (!why) return;
  if (!hasBuildScript() || !existsSync(join(REPO_ROOT, 'dashboard', 'src'))) {
    report(
      `Dashboard: ${why} and this copy has no dashboard build ('npm run build'); serving the APIs with a "not built" page.`,
    );
    return;
  }
  report(`Dashboard: ${why}; building it (npm run build, about a minute)…`);
  const build = runQuietly('npm', ['run', 'build'], REPO_ROOT);
  if (!build.ok) {
    const tail = lastLines(build.output, BUILD_FAILURE_LINES).map((l) => `  ${l}`);
    throw new CliError(
      [
        `The dashboard build failed (npm run build: ${build.ended}). The last lines of its output:`,
        ...tail,
        `Run 'npm run build' in ${REPO_ROOT} to see all of it, fix the error, then 'npm start' again.`,
      ].join('\n'),
      EXIT.internal,
    );
  }
  report(`Dashboard: built ${relative(REPO_ROOT, DASHBOARD_BUILD)} in ${(build.ms / 1000).toFixed(1)} s.`);
}

/**
 * Prepares the warehouse; returns true when it holds only the demo data (or
 * nothing yet): then the server runs in demo mode (banner, demo users).
 */
async function prepareWarehouse(opts: ServeCliOptions): Promise<boolean> {
  let opened;
  try {
    opened = await openForWrite(opts);
  } catch (err) {
    if (err instanceof WarehouseLockedError || err instanceof MigrationError)
      throw new RefusedError(err.message);
    throw err;
  }
  const { wh, paths } = opened;
  try {
    // An empty warehouse, or one whose shipped classifications came with an older version.
    await ensureShippedReference(wh, () => print('Preparing the reference classifications…'));
    // Loads the embedded demo only into a warehouse that holds no loaded file.
    await ensureDemo(wh, paths, { log: print });
    print('Refreshing the KPI marts…');
    await refreshMarts(wh);
    const sources = await wh.rows<{ source: string }>(
      `select distinct source from ops.loads where status = 'loaded'`,
    );
    const demoOnly = sources.every((s) => s.source === 'demo');
    // The demo shows two releases and what changed between them; real data
    // gets its releases from the calendar (the open-data job). Either way a
    // first start publishes at once so the public page is not empty.
    if (demoOnly) await ensureDemoReleases(wh, paths, { log: print });
    else if (!existsSync(join(paths.openData, 'catalog.jsonld'))) {
      print('Publishing the open data…');
      await publishOpenData(wh, paths);
    }
    return demoOnly;
  } finally {
    wh.close();
  }
}

export function register(program: Command): void {
  withServeOptions(
    program
      .command('start')
      .description(
        'npm start: prepare the data dir, load the demo if empty, refresh marts, build the dashboard if needed, and serve',
      ),
  ).action(async (opts: ServeCliOptions) => {
    const paths = dataPaths(opts);
    const other = readServerInfo(paths);
    if (other) throw new RefusedError(runningServerMessage(other, paths));
    const demo = await prepareWarehouse(opts);
    ensureDashboardBuilt();
    await serveUntilSignal(paths, opts, demo);
  });
}
