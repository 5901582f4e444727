// End-to-end harness shared by every tests/e2e/*.test.ts file: a real
// `osservatorio serve --demo` on a small demo, a real Chromium, and the checks
// every page must pass (no console errors or failed requests, axe).
//
// The demo data directory is built once per test run (under a file lock, into
// the directory globalSetup provides) and copied for each server, so each
// file gets its own warehouse without paying for the demo again.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import axe from 'axe-core';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'cli', 'osservatorio.js');
export const SHOTS = join(ROOT, 'tests', 'artifacts', 'screens');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Scale of the e2e demo: small enough to build in ~15 s, big enough for every page to have data. */
export const E2E_DEMO_SCALE = '0.03';

function cli(dataDir: string, ...args: string[]): void {
  const r = spawnSync(process.execPath, [CLI, ...args, '--data-dir', dataDir], { encoding: 'utf8', cwd: ROOT });
  if (r.status !== 0) throw new Error(`osservatorio ${args.join(' ')} failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
}

/** The demo data directory (init, demo, marts, open data), built once per run. */
export function demoTemplate(): string {
  const root = inject('e2eDemoRoot');
  const dir = join(root, 'template');
  const done = join(root, 'template.done');
  if (existsSync(done)) return dir;
  // Other test files may be building it at the same moment: one builds, the rest wait.
  const steps = [
    ['init'],
    ['demo', '--scale', E2E_DEMO_SCALE],
    ['marts', 'refresh'],
    ['jobs', 'run', 'open-data'],
  ]
    .map((a) => [process.execPath, CLI, ...a, '--data-dir', dir].map((x) => `'${x}'`).join(' '))
    .join(' && ');
  const r = spawnSync('flock', [join(root, 'template.lock'), 'bash', '-c', `test -f '${done}' || { rm -rf '${dir}' && ${steps} && touch '${done}'; }`], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  if (r.status !== 0) throw new Error(`Building the e2e demo failed (exit ${r.status}): ${r.stderr.slice(-3000)}`);
  return dir;
}

export interface DemoServer {
  base: string;
  dataDir: string;
  /** Runs the CLI on this server's data directory (read-only commands while it serves). */
  cli(...args: string[]): void;
  stop(): Promise<void>;
}

/**
 * A server on a private copy of the demo data, on a free port of 127.0.0.1;
 * `prepare` may change that copy before the server opens it.
 */
export async function startDemoServer(extraArgs: string[] = [], prepare?: (dataDir: string) => Promise<void>): Promise<DemoServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oss-e2e-'));
  cpSync(demoTemplate(), dataDir, { recursive: true });
  await prepare?.(dataDir);
  const server: ChildProcess = spawn(
    process.execPath,
    [CLI, 'serve', '--demo', '--no-scheduler', '--port', '0', '--data-dir', dataDir, ...extraArgs],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 90_000);
    server.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.stderr!.resume();
    server.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return {
    base,
    dataDir,
    cli: (...args) => cli(dataDir, ...args),
    async stop() {
      if (server.exitCode === null) {
        server.kill('SIGTERM');
        await new Promise((r) => server.once('exit', r));
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Session cookie header for a demo user (password `<user>-password`). */
export async function loginCookie(base: string, user: string): Promise<string> {
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    body: new URLSearchParams({ username: user, password: `${user}-password`, next: '/' }),
    redirect: 'manual',
  });
  const set = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  if (!set.length) throw new Error(`login as ${user} failed: HTTP ${res.status}`);
  return set.join('; ');
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A browser context signed in as `user` (or anonymous when user is null). */
export async function contextAs(browser: Browser, base: string, user: string | null): Promise<BrowserContext> {
  const context = await browser.newContext({ acceptDownloads: true });
  if (user) {
    const cookie = await loginCookie(base, user);
    await context.addCookies(
      cookie.split('; ').map((c) => {
        const i = c.indexOf('=');
        return { name: c.slice(0, i), value: c.slice(i + 1), url: base };
      }),
    );
  }
  return context;
}

/**
 * Opens a page and collects what would make it broken for a user: console
 * errors, uncaught exceptions, failed requests and HTTP errors. A download
 * link ends its navigation with ERR_ABORTED by design: not a failure.
 */
export async function openPage(context: BrowserContext, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => {
    if (!/\/(api\/kpi\/\w+|open-data\/[\w-]+)\.(csv|xlsx|parquet|jsonld)/.test(r.url())) problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  return { page, problems };
}

/** axe-core's serious and critical violations (evaluated over CDP, so the page's CSP stays in force). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(`${axe.source};void 0`);
  const result = (await page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run())) as axe.AxeResults;
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

export interface SignedInDemo {
  server: DemoServer;
  browser: Browser;
  context: BrowserContext;
  /** Session cookie header of the same user, for fetch(). */
  cookie: string;
  open(path: string): Promise<{ page: Page; problems: string[] }>;
}

/**
 * The usual e2e file set-up: registers beforeAll/afterAll for one demo server
 * (its data first changed by `prepare`, if given), one Chromium and a context
 * signed in as `user`. Read the fields inside tests (they are filled in
 * beforeAll).
 */
export function useSignedInDemo(user: string, prepare?: (dataDir: string) => Promise<void>): SignedInDemo {
  const demo = { open: (path: string) => openPage(demo.context, `${demo.server.base}${path}`) } as SignedInDemo;
  beforeAll(async () => {
    demo.server = await startDemoServer([], prepare);
    demo.cookie = await loginCookie(demo.server.base, user);
    demo.browser = await launchBrowser();
    demo.context = await contextAs(demo.browser, demo.server.base, user);
  }, 300_000);
  afterAll(async () => {
    await demo.browser?.close();
    await demo.server?.stop();
  });
  return demo;
}

/**
 * Page problems that matter to a user. A client-side data request the router
 * itself superseded (a new navigation while the previous one loads, seen on a
 * busy 2-core box) ends as ERR_ABORTED on __data.json: not a failure. HTTP
 * errors and console errors still count.
 */
export function realProblems(problems: string[]): string[] {
  return problems.filter((p) => !/^failed: \S*\/__data\.json\S* net::ERR_ABORTED$/.test(p));
}
