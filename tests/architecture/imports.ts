// The project's import graph, read from the source text with the TypeScript
// parser: static imports and re-exports, and dynamic import() with a literal
// path (a bundler makes a chunk of it all the same), in .ts/.js files and in
// the <script> blocks of .svelte components. Shared by the layer test and the
// dashboard boundary test, so both read the code the same way.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DASHBOARD_SRC = join(ROOT, 'dashboard', 'src');

export interface ModuleImport {
  specifier: string;
  /** `import type …` / `export type … from`: erased, so nothing is loaded. */
  typeOnly: boolean;
}

/** The script blocks of a .svelte component (instance and module scripts). */
function svelteScripts(text: string): string {
  return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

export function importsOf(file: string): ModuleImport[] {
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

export type Target = { kind: 'file'; path: string } | { kind: 'package'; name: string } | { kind: 'sveltekit' };

/** Where a specifier points: a file of ours, a package, or a module SvelteKit provides ($app, $env, ./$types). */
export function resolveImport(from: string, specifier: string): Target {
  let base: string | null = null;
  if (specifier === '$lib' || specifier.startsWith('$lib/')) base = join(DASHBOARD_SRC, 'lib', specifier.slice('$lib'.length));
  else if (specifier.startsWith('$') || specifier.endsWith('/$types')) return { kind: 'sveltekit' };
  else if (specifier.startsWith('.')) base = resolve(dirname(from), specifier);
  if (base === null) return { kind: 'package', name: specifier };
  const candidates = [base, `${base}.ts`, `${base}.js`, `${base}.svelte`, join(base, 'index.ts'), join(base, 'index.js')];
  if (base.endsWith('.js')) candidates.push(base.replace(/\.js$/, '.ts'));
  const path = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  if (!path) throw new Error(`${rel(from)}: cannot resolve import '${specifier}'`);
  return { kind: 'file', path };
}

/** A path relative to the repository root, with forward slashes. */
export const rel = (path: string): string => relative(ROOT, path).split('\\').join('/');

const SKIP = new Set(['node_modules', 'build', '.svelte-kit']);

/** Every .ts/.js/.svelte file under dir (absolute paths). */
export function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return SKIP.has(e.name) ? [] : sourceFiles(path);
    return /\.(ts|js|svelte)$/.test(e.name) ? [path] : [];
  });
}

/** Every cycle among files, as sorted lists of paths (Tarjan's strongly connected components of size > 1). */
export function cycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return found;
}
