// `serve --read-only`: a reader that answers from the newest read-only
// snapshot the writer published (warehouse/snapshots/), switching to a newer
// one as soon as CURRENT names it: new requests go to the new snapshot,
// requests in flight finish on the one they started on, and a replaced
// snapshot is closed when its last request ends. It runs no job and writes
// nothing: sessions are the writer's (server/replica/writerLink.ts), writes
// are refused with a pointer to the writer (server/replica/readOnlyGate.ts).
// Many readers can run beside the writer, each its own process and port.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { RequestHandler } from 'express';
import { createLogger, type Logger } from '../runtime/log.ts';
import { sendAuditTo } from '../warehouse/access/audit.ts';
import type { Warehouse } from '../warehouse/db.ts';
import { isSchemaCurrent } from '../warehouse/migrate.ts';
import type { DataPaths } from '../warehouse/paths.ts';
import { LatestSnapshot } from '../warehouse/snapshots/latest.ts';
import type { SnapshotPointer } from '../warehouse/snapshots/pointer.ts';
import { createApp, type AppOptions } from './app.ts';
import { findSvelteHandler } from './dashboardBuild.ts';
import { readOnlyGate } from './replica/readOnlyGate.ts';
import { WriterLink } from './replica/writerLink.ts';
import type { AppServices } from './services.ts';

export interface ReadOnlyServeOptions {
  paths: DataPaths;
  /** Default: paths.snapshots. */
  snapshotsDir?: string;
  host?: string;
  /** 0 picks a free port. Default 3000. */
  port?: number;
  demo?: boolean;
  logger?: Logger;
  /** How often CURRENT is looked at (default 500 ms). */
  pollMs?: number;
  /** DuckDB threads per snapshot (default: DuckDB's choice). */
  threads?: number;
  /** SvelteKit handler; undefined looks for dashboard/build/handler.js, null serves none. */
  svelteHandler?: RequestHandler | null;
  app?: Omit<AppOptions, 'svelteHandler' | 'operatorToken' | 'readOnly' | 'requestServices'>;
  /** How long the writer's answer about a session is trusted (default server/replica/writerLink.ts). */
  sessionRecheckMs?: number;
}

export interface RunningReader {
  url: string;
  port: number;
  snapshots: LatestSnapshot;
  /** The snapshot new requests are answered from. */
  readonly pointer: SnapshotPointer;
  close(): Promise<void>;
}

export class SnapshotSchemaError extends Error {
  readonly code = 'SNAPSHOT_SCHEMA_MISMATCH';
}

export async function startReadOnlyServer(options: ReadOnlyServeOptions): Promise<RunningReader> {
  const { paths } = options;
  const logger = options.logger ?? createLogger();
  const host = options.host ?? '127.0.0.1';
  const dir = options.snapshotsDir ?? paths.snapshots;
  // A snapshot from another version of osservatorio would answer with the wrong tables.
  const verify = async (wh: Warehouse) => {
    if (!(await isSchemaCurrent(wh)))
      throw new SnapshotSchemaError(`The snapshot ${wh.path} has another schema version than this copy of osservatorio; run the reader from the same release as the writer.`);
  };
  const snapshots = await LatestSnapshot.open(dir, { threads: options.threads, verify });
  const link = new WriterLink(paths, logger, { recheckMs: options.sessionRecheckMs });
  const withAudit = new WeakSet<Warehouse>();
  const base: AppServices = {
    get warehouse() {
      return snapshots.currentWarehouse;
    },
    paths,
    logger,
    demo: Boolean(options.demo),
  };
  let server: Server | undefined;
  let closeApp = () => {};
  try {
    const svelteHandler = options.svelteHandler === undefined ? await findSvelteHandler() : options.svelteHandler;
    if (!svelteHandler) logger.warn({ code: 'DASHBOARD_NOT_BUILT' }, 'dashboard/build is missing: pages answer "not built"; run npm run build');
    const writerUrl = () => process.env.OSSERVATORIO_WRITER_URL ?? process.env.OSSERVATORIO_PUBLIC_ORIGIN ?? link.writer()?.url;
    const created = await createApp(base, {
      ...options.app,
      svelteHandler,
      readOnly: { authority: link, gate: readOnlyGate(writerUrl) },
      requestServices: (_req, res) => {
        // The request keeps the snapshot it started on until its response is done.
        const held = snapshots.acquire();
        res.once('close', held.release);
        if (!withAudit.has(held.wh)) {
          withAudit.add(held.wh);
          sendAuditTo(held.wh, link.audit);
        }
        return { ...base, warehouse: held.wh };
      },
    });
    closeApp = created.close;
    server = await new Promise<Server>((resolve, reject) => {
      const s = created.app.listen(options.port ?? 3000, host, (err?: Error) => (err ? reject(err) : resolve(s)));
      s.once('error', reject);
    });
    const port = (server.address() as AddressInfo).port;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    let lastFailure = '';
    snapshots.watch(options.pollMs ?? 500, {
      switched: (e) => {
        lastFailure = '';
        logger.info({ code: 'SNAPSHOT_SWITCHED', from: e.from.file, to: e.to.file, martVersion: e.to.martVersion }, `answering from snapshot ${e.to.file}`);
      },
      failed: (err) => {
        // Once per distinct failure, not at every look.
        if (err.message === lastFailure) return;
        lastFailure = err.message;
        logger.error({ code: (err as { code?: string }).code ?? 'SNAPSHOT_SWITCH_FAILED', error: err.message }, `still answering from snapshot ${snapshots.pointer.file}`);
      },
    });
    logger.info(
      { code: 'SERVER_STARTED', url, pid: process.pid, readOnly: true, snapshot: snapshots.pointer.file, martVersion: snapshots.pointer.martVersion, demo: base.demo },
      `serving read-only on ${url} from snapshot ${snapshots.pointer.file}`,
    );
    const s = server;
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        const closed = new Promise<void>((resolve) => s.close(() => resolve()));
        s.closeIdleConnections();
        await closed;
        closeApp();
        snapshots.close();
        logger.info({ code: 'SERVER_STOPPED' }, 'stopped');
      })());
    return {
      url,
      port,
      snapshots,
      get pointer() {
        return snapshots.pointer;
      },
      close,
    };
  } catch (err) {
    server?.close();
    closeApp();
    snapshots.close();
    throw err;
  }
}
