// The bench's verdicts: each target as PASS or MISS with the measured values,
// a printed table, and machine info for the results JSON.
import { cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

export interface Check {
  name: string;
  measured: string;
  target: string;
  verdict: 'PASS' | 'MISS' | 'NOT RUN';
  /** Why it missed or did not run, from what was measured. */
  note?: string;
  /** Ours ÷ the baseline (raw DuckDB, raw COPY, JSON) or ÷ the target's limit when there is no baseline. */
  ratio?: number;
}

export function check(name: string, measured: string, target: string, ok: boolean | undefined, note?: string, ratio?: number): Check {
  return {
    name,
    measured,
    target,
    verdict: ok === undefined ? 'NOT RUN' : ok ? 'PASS' : 'MISS',
    ...(note ? { note } : {}),
    ...(ratio !== undefined && Number.isFinite(ratio) ? { ratio: Math.round(ratio * 100) / 100 } : {}),
  };
}

export function machineInfo(): Record<string, unknown> {
  const require = createRequire(import.meta.url);
  const version = (pkg: string): string | undefined => {
    try {
      return (require(`${pkg}/package.json`) as { version: string }).version;
    } catch {
      return undefined;
    }
  };
  const c = cpus();
  return {
    cpus: c.length,
    cpuModel: c[0]?.model,
    memoryBytes: totalmem(),
    freeMemoryBytes: freemem(),
    /** 1/5/15-minute load averages at the start: on a shared box, how many others wanted the CPUs. */
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
    platform: `${platform()} ${release()}`,
    node: process.version,
    duckdbNodeApi: version('@duckdb/node-api'),
    apacheArrow: version('apache-arrow'),
    ...gitRevision(),
  };
}

/** `failure`: why the run stopped early; then the targets after that point were never measured, whatever the table shows. */
export function printTable(checks: Check[], out: (s: string) => void, failure?: string): void {
  const head = ['verdict', 'measure', 'ratio', 'target', 'measured'];
  const rows = checks.map((c) => [c.verdict, c.name, c.ratio !== undefined ? `${c.ratio}×` : '-', c.target, c.measured]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((x, i) => (i === r.length - 1 ? x : x.padEnd(widths[i]!))).join('  ');
  out(line(head));
  out(widths.map((w) => '-'.repeat(Math.min(w, 60))).join('  '));
  for (const r of rows) out(line(r));
  out('ratio = ours ÷ baseline (raw DuckDB, raw COPY, JSON bytes), or ÷ the target limit where there is no baseline');
  const misses = checks.filter((c) => c.verdict !== 'PASS');
  if (failure) out(`\nThe bench failed before measuring every target (${failure}): only the targets above were measured.`);
  else if (!misses.length) out('\nEvery target met.');
  if (misses.length) out(`\nMissed or not run (${misses.length}), and why:`);
  for (const c of misses) out(`  ${c.verdict} ${c.name}: ${c.note ?? `measured ${c.measured}, target ${c.target}`}`);
  const notes = checks.filter((c) => c.verdict === 'PASS' && c.note);
  if (notes.length) out('\nNotes:');
  for (const c of notes) out(`  ${c.name}: ${c.note}`);
}

/** The commit the bench ran on, and whether the work tree had uncommitted changes (a result is only comparable to its code). */
function gitRevision(): { gitCommit: string; gitDirty: boolean | null } {
  const git = (args: string[]) => spawnSync('git', args, { cwd: new URL('..', import.meta.url).pathname, encoding: 'utf8' });
  const head = git(['rev-parse', 'HEAD']);
  // Outside a git checkout (an exported copy, no git installed): say so rather than leave the field out.
  if (head.status !== 0) return { gitCommit: 'unknown', gitDirty: null };
  const status = git(['status', '--porcelain', '--untracked-files=no']);
  return { gitCommit: head.stdout.trim(), gitDirty: status.status === 0 ? status.stdout.trim() !== '' : null };
}
