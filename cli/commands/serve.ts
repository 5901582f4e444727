// `osservatorio serve`: the one process that owns the warehouse — Express,
// the SvelteKit dashboard and the job scheduler. Stops cleanly on SIGTERM/SIGINT.
import type { Command } from 'commander';
import { dataPaths, print, withDataOptions, type GlobalOptions } from '../context.ts';
import { CliError, EXIT, UsageError } from '../errors.ts';
import { ConfigError } from '../../jobs/config.ts';
import { MigrationError } from '../../warehouse/migrate.ts';
import { createLogger } from '../../runtime/log.ts';
import {
  ServerRunningError,
  startServer,
  type RunningServer,
} from '../../server/serve.ts';
import type { DataPaths } from '../../warehouse/paths.ts';
import { startReadOnlyServer, type RunningReader } from '../../server/serveReadOnly.ts';
import { resolve } from 'node:path';

export interface ServeCliOptions extends GlobalOptions {
  port: string;
  host: string;
  demo?: boolean;
  config?: string;
  scheduler?: boolean;
  readOnly?: boolean;
  snapshots?: string;
}

export function parsePort(raw: string): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0…65535 (0 = any free port), not '${raw}'`);
  return port;
}

/** Starts the server and resolves when it has stopped after a signal. */
export async function serveUntilSignal(
  paths: DataPaths,
  opts: ServeCliOptions,
  demo: boolean,
): Promise<void> {
  const logger = createLogger();
  let running: RunningServer;
  try {
    running = await startServer({
      paths,
      host: opts.host,
      port: parsePort(opts.port),
      demo,
      logger,
      configPath: opts.config,
      scheduler: opts.scheduler !== false,
    });
  } catch (err) {
    if (err instanceof ServerRunningError) throw new CliError(err.message, EXIT.refused);
    if (err instanceof ConfigError) throw new UsageError(err.message);
    // A database from a newer osservatorio: refused, left unchanged.
    if (err instanceof MigrationError) throw new CliError(err.message, EXIT.refused);
    // Security refuses to start without a session secret outside demo mode: a setup step, not a crash.
    if ((err as { code?: string }).code === 'SESSION_SECRET_MISSING')
      throw new UsageError((err as Error).message);
    throw err;
  }
  print(
    `Osservatorio: ${running.url}${demo ? ' (demo mode)' : ''} — data ${paths.dataDir}. Ctrl+C to stop.`,
  );
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      logger.info({ code: 'SIGNAL', signal }, `received ${signal}`);
      running.close().then(resolve, (err: Error) => {
        logger.error({ code: 'SHUTDOWN_FAILED', error: err.message }, 'shutdown failed');
        resolve();
      });
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}

export function withServeOptions(cmd: Command): Command {
  return withDataOptions(cmd)
    .option('--port <port>', 'TCP port (0 = any free port)', process.env.PORT ?? '3000')
    .option('--host <host>', 'address to listen on', process.env.HOST ?? '127.0.0.1')
    .option('--config <file>', 'jobs configuration (default <data-dir>/osservatorio.config.json)')
    .option('--no-scheduler', 'serve only; run no scheduled jobs');
}

/** `serve --read-only`: answers from the newest snapshot until a signal; runs no job. */
async function serveReadOnlyUntilSignal(paths: DataPaths, opts: ServeCliOptions): Promise<void> {
  if (opts.config || opts.scheduler === false)
    throw new UsageError('--read-only runs no job: --config and --no-scheduler do not apply (the writer runs the jobs).');
  const logger = createLogger();
  let running: RunningReader;
  try {
    running = await startReadOnlyServer({
      paths,
      snapshotsDir: opts.snapshots ? resolve(opts.snapshots) : undefined,
      host: opts.host,
      port: parsePort(opts.port),
      demo: Boolean(opts.demo),
      logger,
    });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'SNAPSHOT_NONE' || code === 'SNAPSHOT_POINTER_INVALID') throw new UsageError((err as Error).message);
    if (code === 'SNAPSHOT_SCHEMA_MISMATCH') throw new CliError((err as Error).message, EXIT.refused);
    throw err;
  }
  print(`Osservatorio (read-only): ${running.url} — snapshot ${running.pointer.file} of ${running.snapshots.dir}. Ctrl+C to stop.`);
  await untilSignal(logger, () => running.close());
}

function untilSignal(logger: ReturnType<typeof createLogger>, close: () => Promise<void>): Promise<void> {
  return new Promise<void>((done) => {
    const stop = (signal: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      logger.info({ code: 'SIGNAL', signal }, `received ${signal}`);
      close().then(done, (err: Error) => {
        logger.error({ code: 'SHUTDOWN_FAILED', error: err.message }, 'shutdown failed');
        done();
      });
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}

export function register(program: Command): void {
  withServeOptions(
    program
      .command('serve')
      .description(
        'serve the dashboard and APIs and run the scheduled jobs (one process owns the warehouse); with --read-only, answer from the newest published snapshot instead',
      )
      .option('--demo', 'mark the data as the synthetic demo (banner, demo users)')
      .option('--read-only', 'answer from the newest read-only snapshot (many readers beside the one writer; no jobs, no sign-in: sessions are the writer\'s)')
      .option('--snapshots <dir>', 'with --read-only: the snapshots folder (default <data-dir>/snapshots)'),
  ).action(async (opts: ServeCliOptions) => {
    if (opts.snapshots && !opts.readOnly) throw new UsageError('--snapshots goes with --read-only.');
    if (opts.readOnly) return serveReadOnlyUntilSignal(dataPaths(opts), opts);
    await serveUntilSignal(dataPaths(opts), opts, Boolean(opts.demo));
  });
}
