// The SvelteKit app's boundary (the rule is written out in server/api/pageData.ts):
// dashboard/src never opens DuckDB and imports no server-side code. From
// outside dashboard/ it imports only types (`import type`, erased from the
// bundle) and values from the pure modules allow-listed below, which import no
// DuckDB or node: module, directly or indirectly. Pages reach the warehouse
// through the per-request page data the Express app attaches.
//
// The test reads the import graph from the source text: static imports and
// re-exports, and dynamic import() (a bundler makes a chunk of it all the same),
// in .ts/.js files and in the <script> blocks of .svelte components.
import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_SRC as SRC, ROOT, importsOf, rel, resolveImport, sourceFiles } from './imports.ts';

/** Modules outside dashboard/ whose values the SvelteKit app may import, and why each is safe there. */
const ALLOWED_VALUE_MODULES: Record<string, string> = {
  'warehouse/kpi/dimensions.ts':
    'the dimension vocabulary (names, labels, value patterns) that filters and the territory picker check against; its SQL runs only through a session its caller passes',
  'warehouse/kpi/queryString.ts': 'the data API query string, parsed the same way by the API and the explore page',
  'warehouse/csv.ts': "CSV text with spreadsheet formulas neutralised, for the pages' own CSV links",
  'warehouse/download.ts': "the shape of a download (headers, names beside codes, metadata sidecar, file name), the same for the data API's files and the pages' own tables",
  'warehouse/opendata/columns.ts': 'what each open-data column means, shown on /open-data and in the published dictionary',
  'warehouse/access/roleNames.ts': "what each role is called on screen (the header's signed-in line), the same names the server's refusal page uses",
  'warehouse/readableNumber.ts': "how numbers are written for readers (Italian thousands grouped from four digits), the same in the pages and in the warehouse's e-mails and notes",
};

/**
 * Files in dashboard/src that run at build time from the command line, never in
 * the app (no file of the app imports them), and so may use node: modules.
 */
const BUILD_TIME_SCRIPTS = ['dashboard/src/lib/map/buildGeo.ts'];

/** Packages that must never be reached from the app: opening the warehouse is the server's job. */
const FORBIDDEN_PACKAGES = ['@duckdb/node-api'];

const NODE_BUILTINS = new Set(builtinModules);
const isNodeBuiltin = (spec: string): boolean => spec.startsWith('node:') || NODE_BUILTINS.has(spec.split('/')[0]);

/**
 * Every import chain from `start` (following value imports only) that ends in
 * a forbidden package or a node: module, as "a.ts → b.ts → node:fs".
 */
function forbiddenReach(start: string): string[] {
  const chains: string[] = [];
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of importsOf(file)) {
      if (imp.typeOnly) continue;
      const target = resolveImport(file, imp.specifier);
      if (target.kind === 'file') walk(target.path, [...chain, rel(target.path)]);
      else if (target.kind === 'package' && (FORBIDDEN_PACKAGES.includes(target.name) || isNodeBuiltin(target.name)))
        chains.push([...chain, target.name].join(' → '));
    }
  };
  walk(start, [rel(start)]);
  return chains;
}

const APP_FILES = sourceFiles(SRC);

describe('the SvelteKit app imports no warehouse or server code', () => {
  it('reads every component and module of dashboard/src, .svelte script blocks included', () => {
    // A walker that saw nothing would pass every rule below.
    expect(APP_FILES.filter((f) => f.endsWith('.svelte')).length).toBeGreaterThan(10);
    const picker = importsOf(join(SRC, 'lib/components/TerritoryPicker.svelte'));
    expect(picker).toContainEqual({ specifier: '../../../../warehouse/kpi/territories.ts', typeOnly: true });
    const appTypes = importsOf(join(SRC, 'app.d.ts'));
    expect(appTypes).toContainEqual({ specifier: '../../server/api/pageData.ts', typeOnly: true });
  });

  it('imports values from outside dashboard/ only from the allow-listed pure modules', () => {
    const offending: string[] = [];
    for (const file of APP_FILES) {
      for (const imp of importsOf(file)) {
        if (imp.typeOnly) continue;
        const target = resolveImport(file, imp.specifier);
        if (target.kind !== 'file') continue;
        const path = rel(target.path);
        if (!path.startsWith('dashboard/') && !(path in ALLOWED_VALUE_MODULES))
          offending.push(`${rel(file)} imports a value from ${path} (use \`import type\`, or read it through the page data)`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('never imports DuckDB, and node: modules only in build-time scripts', () => {
    const offending: string[] = [];
    for (const file of APP_FILES) {
      if (BUILD_TIME_SCRIPTS.includes(rel(file))) continue;
      for (const imp of importsOf(file)) {
        if (imp.typeOnly) continue;
        const target = resolveImport(file, imp.specifier);
        if (target.kind === 'package' && (FORBIDDEN_PACKAGES.includes(target.name) || isNodeBuiltin(target.name)))
          offending.push(`${rel(file)} imports ${target.name}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('keeps the build-time scripts out of the app: no file of dashboard/src imports them', () => {
    const importers = APP_FILES.flatMap((file) =>
      importsOf(file)
        .map((imp) => resolveImport(file, imp.specifier))
        .filter((t): t is { kind: 'file'; path: string } => t.kind === 'file' && BUILD_TIME_SCRIPTS.includes(rel(t.path)))
        .map((t) => `${rel(file)} → ${rel(t.path)}`),
    );
    expect(importers).toEqual([]);
  });

  it.each(Object.keys(ALLOWED_VALUE_MODULES))('allow-listed %s reaches no DuckDB or node: module, even indirectly', (module) => {
    expect(existsSync(join(ROOT, module)), `${module} is in the allow-list but does not exist`).toBe(true);
    expect(forbiddenReach(join(ROOT, module))).toEqual([]);
  });

  it('lists only modules the app does import values from (a stale entry would widen the boundary for nothing)', () => {
    const used = new Set<string>();
    for (const file of APP_FILES)
      for (const imp of importsOf(file)) {
        const target = resolveImport(file, imp.specifier);
        if (!imp.typeOnly && target.kind === 'file') used.add(rel(target.path));
      }
    expect(Object.keys(ALLOWED_VALUE_MODULES).filter((m) => !used.has(m))).toEqual([]);
  });

  it('finds the way to DuckDB from the module that opens it (the transitive walk is not blind)', () => {
    expect(forbiddenReach(join(ROOT, 'warehouse/db.ts'))).toContain('warehouse/db.ts → @duckdb/node-api');
    expect(forbiddenReach(join(ROOT, 'server/api/pageData.ts')).length).toBeGreaterThan(0);
  });
});
