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
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DASHBOARD = join(ROOT, 'dashboard');
const SRC = join(DASHBOARD, 'src');

/** Modules outside dashboard/ whose values the SvelteKit app may import, and why each is safe there. */
const ALLOWED_VALUE_MODULES: Record<string, string> = {
  'warehouse/kpi/dimensions.ts':
    'the dimension vocabulary (names, labels, value patterns) that filters and the territory picker check against; its SQL runs only through a session its caller passes',
  'warehouse/kpi/queryString.ts': 'the data API query string, parsed the same way by the API and the explore page',
  'warehouse/opendata/columns.ts': 'what each open-data column means, shown on /open-data and in the published dictionary',
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

interface ModuleImport {
  specifier: string;
  /** `import type …` / `export type … from`: erased, so nothing is loaded. */
  typeOnly: boolean;
}

/** The script blocks of a .svelte component (instance and module scripts). */
function svelteScripts(text: string): string {
  return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

function importsOf(file: string): ModuleImport[] {
  if (file.endsWith('.json')) return [];
  const raw = readFileSync(file, 'utf8');
  const code = file.endsWith('.svelte') ? svelteScripts(raw) : raw;
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: ModuleImport[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      // Only a whole-declaration `import type` is erased; `import { type A }`
      // still loads the module under verbatimModuleSyntax.
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.importClause?.isTypeOnly ?? false });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments.length === 1 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    } else if (ts.isImportTypeNode(node)) {
      return; // `import('x').T` in a type position loads nothing
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

type Target = { kind: 'file'; path: string } | { kind: 'package'; name: string } | { kind: 'sveltekit' };

/** Where a specifier points: a file of ours, a package, or a module SvelteKit provides ($app, $env, ./$types). */
function resolveImport(from: string, specifier: string): Target {
  let base: string | null = null;
  if (specifier === '$lib' || specifier.startsWith('$lib/')) base = join(SRC, 'lib', specifier.slice('$lib'.length));
  else if (specifier.startsWith('$') || specifier.endsWith('/$types')) return { kind: 'sveltekit' };
  else if (specifier.startsWith('.')) base = resolve(dirname(from), specifier);
  if (base === null) return { kind: 'package', name: specifier };
  const candidates = [base, `${base}.ts`, `${base}.js`, `${base}.svelte`, join(base, 'index.ts'), join(base, 'index.js')];
  if (base.endsWith('.js')) candidates.push(base.replace(/\.js$/, '.ts'));
  const path = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  if (!path) throw new Error(`${rel(from)}: cannot resolve import '${specifier}'`);
  return { kind: 'file', path };
}

const rel = (path: string): string => relative(ROOT, path).split('\\').join('/');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|js|svelte)$/.test(e.name) ? [path] : [];
  });
}

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
