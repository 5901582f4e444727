// Many readers beside one writer, as processes: a real `serve --demo` writer
// publishes snapshots, a real `serve --read-only` reader answers from them on
// 127.0.0.1. Sessions signed in on the writer work on the reader (and end
// there when they end on the writer); writes are refused with a pointer to
// the writer; after a load and its refresh the reader answers from the new
// snapshot without a restart; its audit entries land in the writer's trail.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, demoTemplate, loginCookie } from '../e2e/harness.ts';

function cli(dataDir: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args, '--data-dir', dataDir], { encoding: 'utf8', cwd: ROOT });
  if (r.status !== 0) throw new Error(`osservatorio ${args.join(' ')} failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  return r.stdout;
}

/** Starts `osservatorio serve …` and resolves with its URL once it listens. */
function start(dataDir: string, args: string[]): Promise<{ base: string; proc: ChildProcess; log: () => string }> {
  const proc = spawn(process.execPath, [CLI, 'serve', '--demo', '--port', '0', '--data-dir', dataDir, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out} ${err.slice(-2000)}`)), 120_000);
    proc.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ base: m[1]!, proc, log: () => err });
      }
    });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}: ${out} ${err.slice(-2000)}`)));
  });
}

async function stop(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null) return;
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('exit', r));
}

interface KpiJson {
  martVersion: number;
  rows: Record<string, unknown>[];
}

describe('serve --read-only beside the writer', () => {
  let dataDir: string;
  let writer: Awaited<ReturnType<typeof start>>;
  let reader: Awaited<ReturnType<typeof start>>;
  let cookie: string;
  const pointer = () => JSON.parse(readFileSync(join(dataDir, 'snapshots', 'CURRENT'), 'utf8')) as { file: string; seq: number; martVersion: number };
  const kpi = async (base: string, path: string) => {
    const res = await fetch(`${base}${path}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return (await res.json()) as KpiJson;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'oss-readers-'));
    cpSync(demoTemplate(), dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'osservatorio.config.json'), JSON.stringify({ jobs: { marts: { snapshots: { enabled: true, keep: 2 } } } }));
    expect(cli(dataDir, 'marts', 'refresh', '--snapshot')).toMatch(/Snapshot published: .*s00000001\.duckdb/);
    writer = await start(dataDir, ['--no-scheduler']);
    reader = await start(dataDir, ['--read-only']);
    cookie = await loginCookie(writer.base, 'demo-analyst');
  }, 300_000);
  afterAll(async () => {
    await stop(reader?.proc);
    await stop(writer?.proc);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers public pages, open data and, with a session signed in on the writer, the KPI API, as the writer does', async () => {
    expect((await fetch(`${reader.base}/readyz`)).status).toBe(200);
    expect((await fetch(`${reader.base}/api/kpis`)).status).toBe(200);
    const openData = await fetch(`${reader.base}/open-data`, { headers: { accept: 'text/html' } });
    expect(openData.status).toBe(200);
    expect(await openData.text()).toContain('<html lang="it"');
    // No session: the data API asks for one, as on the writer.
    expect((await fetch(`${reader.base}/api/kpi/PL_QUAL?by=region&format=json`)).status).toBe(401);

    const path = '/api/kpi/PL_QUAL?by=region&format=json';
    const [fromReader, fromWriter] = [await kpi(reader.base, path), await kpi(writer.base, path)];
    expect(fromReader.rows.length).toBeGreaterThan(0);
    expect(fromReader.rows).toEqual(fromWriter.rows);
    expect(fromReader.martVersion).toBe(pointer().martVersion);
    const arrow = await fetch(`${reader.base}/api/kpi/PL_QUAL?by=region`, { headers: { cookie } });
    expect(arrow.headers.get('content-type')).toContain('application/vnd.apache.arrow.stream');
    const page = await fetch(`${reader.base}/explore`, { headers: { cookie, accept: 'text/html' } });
    expect(page.status).toBe(200);
  });

  it('refuses writes, sign-in and the writer’s own pages with 421 and the writer’s address', async () => {
    // Same-origin POSTs, as a browser sends them (a cross-site one is refused earlier, with 403).
    const origin = reader.base;
    const attempts: [string, RequestInit][] = [
      ['/auth/login', { method: 'POST', headers: { origin }, body: new URLSearchParams({ username: 'demo-analyst', password: 'demo-analyst-password' }) }],
      ['/alerts/rules/1/mute', { method: 'POST', headers: { cookie, origin } }],
      ['/api/jobs/marts/run', { method: 'POST', headers: { cookie, origin, 'content-type': 'application/json' }, body: '{}' }],
      ['/reports/territory.pdf', { headers: { cookie, accept: 'application/json' } }],
      ['/api/jobs', { headers: { cookie } }],
    ];
    for (const [path, init] of attempts) {
      const res = await fetch(`${reader.base}${path}`, { ...init, redirect: 'manual' });
      expect(res.status, path).toBe(421);
      const body = (await res.json()) as { error: { code: string; message: string; writer: string } };
      expect(body.error.code).toBe('READ_ONLY_REPLICA');
      expect(body.error.writer).toBe(writer.base);
      expect(body.error.message).toContain('sola lettura');
    }
    const page = await fetch(`${reader.base}/operations`, { headers: { cookie, accept: 'text/html' } });
    expect(page.status).toBe(421);
    expect(await page.text()).toContain(`${writer.base}/operations`);
  });

  it('after a load and its refresh on the writer, answers from the new snapshot without a restart', async () => {
    const path = '/api/kpi/PL_QUAL?by=contract_type&format=json';
    const before = await kpi(reader.base, path);
    const first = pointer();
    // A correction of five placements: resent rows replace theirs by key.
    const csv = readFileSync(join(dataDir, 'demo', 'placements.csv'), 'utf8').split('\n');
    const changed = csv.slice(1, 6).map((l) => l.replace(',fixed_term,', ',permanent,'));
    expect(changed.filter((l, i) => l !== csv[i + 1]).length).toBeGreaterThan(0);
    mkdirSync(join(dataDir, 'inbox', 'demo'), { recursive: true });
    writeFileSync(join(dataDir, 'inbox', 'demo', 'placements-fix.csv'), [csv[0], ...changed].join('\n') + '\n');
    writeFileSync(join(dataDir, 'inbox', 'demo', 'placements-fix.csv.ready'), '');
    expect(cli(dataDir, 'jobs', 'run', 'inbox')).toMatch(/then marts: ok/);
    const second = pointer();
    expect(second.seq).toBe(first.seq + 1);
    expect(second.martVersion).toBeGreaterThan(first.martVersion);

    let after = before;
    for (let i = 0; i < 100 && after.martVersion !== second.martVersion; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await kpi(reader.base, path);
    }
    expect(after.martVersion).toBe(second.martVersion);
    expect(after.rows).toEqual((await kpi(writer.base, path)).rows);
    expect(after.rows).not.toEqual(before.rows);
    expect(reader.log()).toContain('SNAPSHOT_SWITCHED');
  });

  it('a logout on the writer ends the session on the reader too', async () => {
    const mine = await loginCookie(writer.base, 'demo-director');
    const url = `${reader.base}/api/kpi/PL_QUAL?by=region&format=json`;
    expect((await fetch(url, { headers: { cookie: mine } })).status).toBe(200);
    const out = await fetch(`${writer.base}/auth/logout`, { method: 'POST', headers: { cookie: mine, 'content-type': 'application/json', origin: writer.base }, body: '{}' });
    expect(out.status).toBe(200);
    // The reader trusts the writer's answer for at most 2 s (server/replica/writerLink.ts).
    await new Promise((r) => setTimeout(r, 2_200));
    expect((await fetch(url, { headers: { cookie: mine } })).status).toBe(401);
  });

  it('records the reader’s downloads in the writer’s audit trail', async () => {
    const res = await fetch(`${reader.base}/api/kpi/PL_QUAL.csv?by=region`, { headers: { cookie } });
    expect(res.status).toBe(200);
    await res.text();
    await new Promise((r) => setTimeout(r, 500));
    await stop(reader.proc);
    await stop(writer.proc);
    const out = cli(dataDir, 'sql', `select count(*) as n from ops.audit where action = 'download' and actor = 'demo-analyst' and target = '/api/kpi/PL_QUAL.csv'`, '--format', 'csv');
    expect(out.trim().split('\n')[1]).toBe('1');
  });
});

describe('serve --read-only without a snapshot', () => {
  it('refuses to start with exit 1 and says how to publish one', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'oss-readers-empty-'));
    try {
      const r = spawnSync(process.execPath, [CLI, 'serve', '--read-only', '--port', '0', '--data-dir', dataDir], { encoding: 'utf8', cwd: ROOT });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('No snapshot was published');
      expect(r.stderr).toContain("'osservatorio marts refresh --snapshot'");
      const mixed = spawnSync(process.execPath, [CLI, 'serve', '--snapshots', dataDir, '--port', '0', '--data-dir', dataDir], { encoding: 'utf8', cwd: ROOT });
      expect(mixed.status).toBe(1);
      expect(mixed.stderr).toContain('--snapshots goes with --read-only');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
