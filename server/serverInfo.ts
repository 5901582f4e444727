// <data-dir>/server.json: which process serves this data directory (pid,
// host, port, started) and the operator token that lets a CLI on the same
// machine — anyone who can read the data directory can write the warehouse
// anyway — ask the server to run a job. Written at start, removed on exit.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataPaths } from '../warehouse/paths.ts';

export interface ServerInfo {
  pid: number;
  host: string;
  port: number;
  url: string;
  started: string;
  db: string;
  token: string;
}

export const OPERATOR_TOKEN_HEADER = 'x-osservatorio-operator-token';

export function serverInfoPath(paths: Pick<DataPaths, 'dataDir'>): string {
  return join(paths.dataDir, 'server.json');
}

export function newOperatorToken(): string {
  return randomBytes(32).toString('base64url');
}

export function writeServerInfo(paths: Pick<DataPaths, 'dataDir'>, info: ServerInfo): void {
  const file = serverInfoPath(paths);
  writeFileSync(file + '.tmp', JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
  renameSync(file + '.tmp', file);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running server of this data dir, or undefined (a stale file from a killed process is ignored). */
export function readServerInfo(paths: Pick<DataPaths, 'dataDir'>): ServerInfo | undefined {
  const file = serverInfoPath(paths);
  if (!existsSync(file)) return undefined;
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as ServerInfo;
    return typeof info.pid === 'number' && alive(info.pid) && info.pid !== process.pid
      ? info
      : undefined;
  } catch {
    return undefined;
  }
}

export function removeServerInfo(paths: Pick<DataPaths, 'dataDir'>, pid = process.pid): void {
  const file = serverInfoPath(paths);
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as ServerInfo;
    if (info.pid === pid) rmSync(file, { force: true });
  } catch {
    // Already gone.
  }
}

/** The one message for "a server holds this data": who, and how to hand it work. */
export function runningServerMessage(info: ServerInfo, paths: Pick<DataPaths, 'inbox'>): string {
  return (
    `The observatory server (pid ${info.pid}, ${info.url}, started ${info.started}) holds the warehouse ${info.db}. ` +
    `Hand it the file instead: drop it in ${paths.inbox}/<source>/ (add <name>.ready when it is complete), ` +
    `or run 'osservatorio jobs run inbox', which asks the server. Stop the server first for anything else.`
  );
}
