// The layers of docs/architecture.md, checked on the code's own imports: a
// folder may import only the folders drawn below it, and no files import
// each other in a circle (directly or through others). When this fails, the
// message names the file, the import and the rule; fix the import (move the
// shared piece down a layer), or change docs/architecture.md and LAYERS
// together if the architecture really changed.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ROOT, cycles, importsOf, rel, resolveImport, sourceFiles } from './imports.ts';

/**
 * Each top-level source folder and the folders it may import (runtime values
 * and types alike). Kept in the order of docs/architecture.md, top to bottom.
 */
export const LAYERS: Record<string, readonly string[]> = {
  cli: ['server', 'jobs', 'reports', 'demo', 'pseudonymise', 'ingest', 'warehouse', 'runtime'],
  bench: ['cli', 'server', 'jobs', 'reports', 'demo', 'ingest', 'warehouse', 'runtime'],
  // The SvelteKit app reads data only through the services the server hands
  // it; which server and warehouse modules it may name is narrowed further by
  // the dashboard boundary test.
  dashboard: ['server', 'warehouse'],
  server: ['jobs', 'reports', 'ingest', 'warehouse', 'runtime'],
  jobs: ['reports', 'ingest', 'warehouse', 'runtime'],
  reports: ['warehouse', 'runtime'],
  demo: ['ingest', 'warehouse', 'runtime'],
  pseudonymise: ['ingest', 'runtime'],
  ingest: ['warehouse', 'runtime'],
  warehouse: ['runtime'],
  runtime: [],
};

const SOURCE_FOLDERS = Object.keys(LAYERS);

/** An import between two files of ours, as repo-relative paths. */
interface Edge {
  from: string;
  to: string;
}

/** Top-level folder of a repo-relative path ('server/api/index.ts' → 'server'). */
const folderOf = (path: string): string => path.split('/')[0];

function projectImports(): Edge[] {
  return SOURCE_FOLDERS.flatMap((folder) => sourceFiles(join(ROOT, folder))).flatMap((file) =>
    importsOf(file).flatMap((imp) => {
      const target = resolveImport(file, imp.specifier);
      return target.kind === 'file' ? [{ from: rel(file), to: rel(target.path) }] : [];
    }),
  );
}

describe('layers', () => {
  const imports = projectImports();

  it('reads a real import graph', () => {
    // Guards the checks below against passing on an empty or unparsed tree.
    expect(imports.length).toBeGreaterThan(300);
    expect(imports.some((i) => i.from === 'server/routes.ts' && i.to === 'server/api/index.ts')).toBe(true);
  });

  it('every source folder is one of the drawn layers', () => {
    const unknown = [...new Set(imports.map((i) => folderOf(i.to)))].filter((f) => !(f in LAYERS));
    expect(unknown, 'a folder imported by the code but missing from LAYERS and docs/architecture.md').toEqual([]);
  });

  it('no import crosses a layer the wrong way', () => {
    const wrong = imports
      .filter((i) => folderOf(i.from) !== folderOf(i.to) && !LAYERS[folderOf(i.from)]?.includes(folderOf(i.to)))
      .map((i) => `${i.from} imports ${i.to}: ${folderOf(i.from)}/ may import only ${LAYERS[folderOf(i.from)]?.join(', ') || 'nothing'}`);
    expect(wrong).toEqual([]);
  });

  it('no files import each other in a circle', () => {
    const edges = new Map<string, Set<string>>();
    for (const i of imports) {
      if (!edges.has(i.from)) edges.set(i.from, new Set());
      edges.get(i.from)!.add(i.to);
    }
    expect(cycles(edges).map((c) => c.join(' → '))).toEqual([]);
  });

  it('finds a circle when there is one', () => {
    const edges = new Map([
      ['a.ts', new Set(['b.ts'])],
      ['b.ts', new Set(['c.ts'])],
      ['c.ts', new Set(['a.ts'])],
      ['d.ts', new Set(['a.ts'])],
    ]);
    expect(cycles(edges)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
