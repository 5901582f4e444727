// What a snapshot reader refuses: anything that writes (every method but
// GET/HEAD/OPTIONS: signing in and out, muting an alert, running a job,
// analyst SQL), and the few reads that write or are about the writer's own
// work (printing a report opens a session for its recipient; the operations
// and alerts pages show live job runs and mute buttons). The answer is 421
// with code READ_ONLY_REPLICA and where to go instead, in Italian and
// English; everything else (public pages, open data, the dashboard, the KPI
// and explore APIs) is answered from the snapshot.
import type { RequestHandler } from 'express';

/** Reads that stay on the writer. */
export const WRITER_ONLY = /^\/(login|logout|auth|reports|operations|alerts|sql)(\/|$)|^\/api\/(jobs|sql|replica)(\/|$)/;
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function readOnlyGate(writerUrl: () => string | undefined): RequestHandler {
  return (req, res, next) => {
    if (SAFE.has(req.method) && !WRITER_ONLY.test(req.path)) return next();
    const where = writerUrl();
    const it = `Questo server risponde in sola lettura da una copia dei dati: ${req.method === 'GET' ? 'questa pagina è' : 'le modifiche e gli accessi sono'} sul server principale${where ? ` (${where})` : ''}.`;
    const en = `This server answers read-only from a snapshot of the data: ${req.method === 'GET' ? 'this page is' : 'changes and sign-in are'} on the main server${where ? ` (${where})` : ''}.`;
    res.status(421).set('Cache-Control', 'no-store');
    if (req.method === 'GET' && !req.path.startsWith('/api/') && req.accepts('html')) {
      const link = where ? `<p><a href="${escapeHtml(where + req.originalUrl)}">${escapeHtml(where + req.originalUrl)}</a></p>` : '';
      res.type('html').send(
        `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Osservatorio — sola lettura</title></head><body><main><h1>Sola lettura</h1><p>${escapeHtml(it)}</p>${link}<p lang="en">${escapeHtml(en)}</p></main></body></html>`,
      );
      return;
    }
    res.json({ error: { code: 'READ_ONLY_REPLICA', message: `${it} / ${en}`, writer: where ?? null } });
  };
}
