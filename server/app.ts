// The Express 5 app of the serving process: every request carries the
// services (req.services), then runs through the routes of server/routes.ts
// (every path, its handler and who may open it), and errors no route
// answered become a logged 500 with a stable JSON body.
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler, type Response } from 'express';
import { mountRoutes, type ReadOnlyParts, type SecurityOptions } from './routes.ts';
import type { AppServices } from './services.ts';
import type { SessionStore } from './auth/sessions.ts';

export interface AppOptions {
  /** The adapter-node handler; null/undefined serves the "not built" page. */
  svelteHandler?: RequestHandler | null;
  /** Limits and environment of the routes (defaults from process.env). */
  security?: SecurityOptions;
  /** Token in <data-dir>/server.json that lets the local CLI use /api/jobs. */
  operatorToken?: string;
  /** A snapshot reader: what it refuses and who resolves its sessions (server/serveReadOnly.ts). */
  readOnly?: ReadOnlyParts;
  /** The services of one request (a reader hands each request the snapshot it is answered from); default: `services`. */
  requestServices?: (req: Request, res: Response) => AppServices;
}

export interface CreatedApp {
  app: Express;
  /** The session store (reports open a session for their recipient). */
  sessions: SessionStore;
  /** Releases what the app holds (analyst SQL sandbox). */
  close(): void;
}

export async function createApp(
  services: AppServices,
  options: AppOptions = {},
): Promise<CreatedApp> {
  const app = express();
  app.disable('x-powered-by');
  const servicesOf = options.requestServices;
  app.use((req, res, next) => {
    req.services = servicesOf ? servicesOf(req, res) : services;
    next();
  });
  const routes = await mountRoutes(app, {
    services,
    options: options.security,
    svelteHandler: options.svelteHandler,
    operatorToken: options.operatorToken,
    readOnly: options.readOnly,
  });
  const onError: ErrorRequestHandler = (err: Error & { status?: number }, req, res, _next) => {
    services.logger.error(
      { code: 'HTTP_ERROR', path: req.path, error: err.message },
      'request failed',
    );
    if (res.headersSent) return;
    res.status(err.status && err.status >= 400 && err.status < 600 ? err.status : 500).json({
      error: { code: 'INTERNAL', message: 'Errore interno del server. / Internal server error.' },
    });
  };
  app.use(onError);
  return { app, sessions: routes.auth.sessions, close: routes.close };
}
