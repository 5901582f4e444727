// `osservatorio loads list | head -1`: the reader closes the pipe before the
// CLI writes. The CLI must neither crash with an unhandled EPIPE nor print a
// stack trace; it finishes quietly with its normal exit code.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/warehouse.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'cli', 'osservatorio.js');

describe('CLI output into a closed pipe', () => {
  const dir = tempDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 without an EPIPE error when stdout is closed early', async () => {
    const dataDir = join(dir, 'data');
    const init = spawnSync(process.execPath, [CLI, 'init', '--data-dir', dataDir], {
      encoding: 'utf8',
      cwd: ROOT,
    });
    expect(init.status, init.stderr).toBe(0);
    const child = spawn(process.execPath, [CLI, 'loads', 'list', '--data-dir', dataDir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Close our end before the CLI has started (tsx takes a moment): its first write hits EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise<number | null>((resolve) =>
      child.on('close', (c) => resolve(c)),
    );
    expect(stderr).not.toMatch(/EPIPE|Unhandled|internal error/);
    expect(code).toBe(0);
  }, 60_000);
});
