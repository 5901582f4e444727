// The bench's verdicts: each target as PASS or MISS with the measured values,
// a printed table, and machine info for the results JSON.
import { cpus, freemem, platform, release, totalmem } from 'node:os';
import { createRequire } from 'node:module';

export interface Check {
  name: string;
  measured: string;
  target: string;
  verdict: 'PASS' | 'MISS' | 'NOT RUN';
  /** Why it missed or did not run, from what was measured. */
  note?: string;
}

export function check(name: string, measured: string, target: string, ok: boolean | undefined, note?: string): Check {
  return { name, measured, target, verdict: ok === undefined ? 'NOT RUN' : ok ? 'PASS' : 'MISS', ...(note ? { note } : {}) };
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
    platform: `${platform()} ${release()}`,
    node: process.version,
    duckdbNodeApi: version('@duckdb/node-api'),
    apacheArrow: version('apache-arrow'),
  };
}

export function printTable(checks: Check[], out: (s: string) => void): void {
  const rows = checks.map((c) => [c.verdict, c.name, c.measured, c.target]);
  const widths = [7, 0, 0, 0].map((w, i) => Math.max(w, ...rows.map((r) => r[i]!.length), ['verdict', 'measure', 'measured', 'target'][i]!.length));
  const line = (r: string[]) => r.map((x, i) => x.padEnd(widths[i]!)).join('  ');
  out(line(['verdict', 'measure', 'measured', 'target']));
  out(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) out(line(r));
  for (const c of checks) if (c.note) out(`  ${c.verdict} ${c.name}: ${c.note}`);
}
