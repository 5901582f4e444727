// `npm start` builds the dashboard without echoing ~200 lines of bundler
// output: the command's stdout and stderr are kept, in the order written, so
// a failure can show its last lines, and nothing else reaches the terminal.
import { describe, expect, it } from 'vitest';
import { lastLines, runQuietly } from '../../cli/quietRun.ts';

const chatty = (exitCode: number) => [
  '-e',
  `for (let i = 1; i <= 200; i++) console.log('transforming module ' + i);
   console.error('error during build: missing export');
   console.log('after the error');
   process.exit(${exitCode});`,
];

describe('runQuietly', () => {
  it('keeps a successful command\'s output and reports how long it took', () => {
    const r = runQuietly(process.execPath, chatty(0), process.cwd());
    expect(r).toMatchObject({ ok: true, ended: 'exit 0' });
    expect(r.output.split('\n').filter(Boolean)).toHaveLength(202);
    expect(r.ms).toBeGreaterThan(0);
  });

  it('keeps stdout and stderr interleaved, so the tail of a failure shows the error in place', () => {
    const r = runQuietly(process.execPath, chatty(2), process.cwd());
    expect(r).toMatchObject({ ok: false, ended: 'exit 2' });
    expect(lastLines(r.output, 3)).toEqual(['transforming module 200', 'error during build: missing export', 'after the error']);
  });

  it('says why a command could not start', () => {
    const r = runQuietly('osservatorio-no-such-command', [], process.cwd());
    expect(r.ok).toBe(false);
    expect(r.ended).toMatch(/ENOENT/);
  });
});
