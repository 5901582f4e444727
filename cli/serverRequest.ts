// A JSON request to the local server with the operator token of
// <data-dir>/server.json, for commands that work while the server holds the
// warehouse (report, subscriptions). node:http rather than fetch: printing a
// report takes seconds to minutes on a small machine.
import { request } from 'node:http';
import { CliError, EXIT } from './errors.ts';
import { OPERATOR_TOKEN_HEADER, type ServerInfo } from '../server/serverInfo.ts';

export function serverRequest<T>(info: ServerInfo, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<T>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: info.port,
        path,
        method,
        headers: {
          [OPERATOR_TOKEN_HEADER]: info.token,
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let parsed: T & { error?: { message?: string } };
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as T & { error?: { message?: string } };
          } catch {
            parsed = {} as T & { error?: { message?: string } };
          }
          const status = res.statusCode ?? 500;
          if (status >= 400)
            reject(new CliError(parsed.error?.message ?? `The server answered ${status}.`, status < 500 ? EXIT.usage : EXIT.internal));
          else resolve(parsed);
        });
      },
    );
    req.on('error', (err) => reject(new CliError(`The server (pid ${info.pid}, ${info.url}) did not answer: ${err.message}`, EXIT.internal)));
    if (payload) req.write(payload);
    req.end();
  });
}
