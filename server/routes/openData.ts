// Stable URLs of the published open data: /open-data/<dataset>.<ext>,
// /open-data/dictionary.{csv,json} and /open-data/catalog.jsonld, and the
// same rows as an API at /api/open-data/<table>. Names come only from the
// warehouse's allow-list of published files, so a path never reaches the
// file system unless it is one we publish (../ → 404).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Router, type Request, type Response, type NextFunction } from 'express';
import { tableFromJSON, tableToIPC } from 'apache-arrow';
import { isPublishedName, publishedMediaType, readPublishedTable } from '../../warehouse/opendata/index.ts';
import { ARROW_STREAM_MIME } from '../../warehouse/arrow.ts';

/** The page data SvelteKit's client router fetches for /open-data or a page below it (`<page>/__data.json`). */
const SVELTEKIT_PAGE_DATA = /^([a-z0-9_-]+\/)?__data\.json$/;

/**
 * Mounted after the route guard and before the SvelteKit handler;
 * /open-data itself (the page) and its page data are left to SvelteKit.
 */
export function createOpenDataRouter(options: { dir: string | (() => string) }): Router {
  const dirOf = typeof options.dir === 'function' ? options.dir : () => options.dir as string;
  const router = Router();
  router.get('/open-data/{*rest}', (req: Request, res: Response, next: NextFunction) => {
    // The raw path, before any decoding tricks: exactly one segment after /open-data/.
    const raw = req.path.slice('/open-data/'.length);
    let name: string;
    try {
      name = decodeURIComponent(raw);
    } catch {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    // Client-side navigation to /open-data fetches the page's data here: SvelteKit answers it.
    if (SVELTEKIT_PAGE_DATA.test(name)) return next();
    if (!isPublishedName(name)) {
      // Page routes of the SvelteKit app (e.g. /open-data/<dataset> without an extension) pass through.
      if (/^[a-z0-9_-]+$/.test(name)) return next();
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    const file = join(dirOf(), name);
    if (!existsSync(file)) {
      res.status(404).type('text/plain').send('Not published yet: the open-data job has not run.');
      return;
    }
    const ext = name.slice(name.lastIndexOf('.') + 1);
    const media = publishedMediaType(name);
    res.set('Content-Type', media === 'text/csv' ? 'text/csv; charset=utf-8' : media);
    res.set('Cache-Control', 'public, max-age=300');
    res.set('Access-Control-Allow-Origin', '*'); // public data, readable from any site
    if (ext !== 'json' && ext !== 'jsonld') res.attachment(name);
    res.sendFile(name, { root: dirOf(), dotfiles: 'deny' }, (err) => {
      if (err && !res.headersSent) res.status(404).type('text/plain').send('Not found');
    });
  });
  // The same published rows as an API: Arrow IPC stream by default, JSON with
  // ?format=json. Public tables have fixed dimensions: any other parameter is 400.
  router.get('/api/open-data/:table', (req: Request, res: Response) => {
    const params = Object.keys(req.query);
    const format = req.query.format ?? 'arrow';
    if (params.some((p) => p !== 'format') || (format !== 'arrow' && format !== 'json')) {
      res.status(400).json({ error: { code: 'BAD_PARAMETER', message: 'Public tables take only ?format=arrow|json; filter the downloaded table instead.' } });
      return;
    }
    const table = readPublishedTable(dirOf(), String(req.params.table));
    if (!table) {
      res.status(404).json({ error: { code: 'NOT_FOUND', message: 'Unknown or not yet published public table.' } });
      return;
    }
    res.set('Cache-Control', 'public, max-age=300');
    res.set('Access-Control-Allow-Origin', '*'); // public data, readable from any site
    if (format === 'json') {
      res.json(table);
      return;
    }
    const normalised = table.rows.map((r) => Object.fromEntries(table.columns.map((c) => [c, r[c] ?? null])));
    res.type(ARROW_STREAM_MIME).send(Buffer.from(tableToIPC(tableFromJSON(normalised), 'stream')));
  });
  return router;
}
