// Stable URLs of the published open data: /open-data/<dataset>.<ext>,
// /open-data/dictionary.{csv,json} and /open-data/catalog.jsonld, and the
// same rows as an API at /api/open-data/<table>. These serve the latest
// release (the tables in preparation before the first one); `?release=N`
// serves release N, and /open-data/releases/<n>/<file> is release n's file
// for good. Names come only from the warehouse's allow-list of published
// files and release numbers only from the published releases, so a path never
// reaches the file system unless it is one we publish (../ → 404).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Router, type Request, type Response, type NextFunction } from 'express';
import { tableFromJSON, tableToIPC } from 'apache-arrow';
import {
  isPublishedName,
  listReleases,
  parseReleaseParameter,
  publishedMediaType,
  readPublishedTable,
  releaseDir,
  ReleaseParameterError,
} from '../../warehouse/opendata/index.ts';
import { defaultSourceDir, RELEASE_METADATA } from '../../warehouse/opendata/releaseFiles.ts';
import { ARROW_STREAM_MIME } from '../../warehouse/arrow.ts';

/** The page data SvelteKit's client router fetches for /open-data or a page below it (`<page>/__data.json`). */
const SVELTEKIT_PAGE_DATA = /^([a-z0-9_-]+\/)?__data\.json$/;
/** A release's own URL: /open-data/releases/<n>/<file>. */
const RELEASE_FILE = /^releases\/([^/]+)\/([^/]+)$/;
const CATALOG = 'catalog.jsonld';

/** Sends one published file with its media type; a release's files never change, so they may be cached for good. */
function sendPublished(res: Response, root: string, name: string, immutable: boolean): void {
  if (!existsSync(join(root, name))) {
    res.status(404).type('text/plain').send('Not published yet: the open-data job has not run.');
    return;
  }
  const ext = name.slice(name.lastIndexOf('.') + 1);
  const media = publishedMediaType(name) ?? 'application/json';
  res.set('Content-Type', media === 'text/csv' ? 'text/csv; charset=utf-8' : media);
  res.set('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
  res.set('Access-Control-Allow-Origin', '*'); // public data, readable from any site
  if (ext !== 'json' && ext !== 'jsonld') res.attachment(name);
  res.sendFile(name, { root, dotfiles: 'deny' }, (err) => {
    if (err && !res.headersSent) res.status(404).type('text/plain').send('Not found');
  });
}

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
    const openData = dirOf();
    const stable = RELEASE_FILE.exec(name);
    if (stable) {
      const [, n, file] = stable;
      const release = listReleases(openData).find((r) => String(r.release) === n);
      if (!release) {
        res.status(404).type('text/plain').send(`Release '${n}' does not exist; the published releases are listed at /open-data and in /open-data/${CATALOG}.`);
        return;
      }
      if ((!isPublishedName(file) || file === CATALOG) && file !== RELEASE_METADATA) {
        res.status(404).type('text/plain').send('Not found');
        return;
      }
      sendPublished(res, releaseDir(openData, release.release), file, true);
      return;
    }
    if (!isPublishedName(name)) {
      // Page routes of the SvelteKit app (e.g. /open-data/<dataset> without an extension) pass through.
      if (/^[a-z0-9_-]+$/.test(name)) return next();
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    // The catalogue lists every release: it has no per-release version.
    if (name === CATALOG) {
      if (req.query.release !== undefined) {
        res.status(400).type('text/plain').send(`Parameter 'release' does not apply to ${CATALOG}: the catalogue lists every release.`);
        return;
      }
      sendPublished(res, openData, name, false);
      return;
    }
    let release: number | null;
    try {
      release = parseReleaseParameter(req.query.release, openData);
    } catch (err) {
      if (!(err instanceof ReleaseParameterError)) throw err;
      res.status(400).type('text/plain').send(err.message);
      return;
    }
    sendPublished(res, release === null ? defaultSourceDir(openData) : releaseDir(openData, release), name, false);
  });
  // The same published rows as an API: Arrow IPC stream by default, JSON with
  // ?format=json. Public tables have fixed dimensions: any other parameter is 400.
  router.get('/api/open-data/:table', (req: Request, res: Response) => {
    const params = Object.keys(req.query);
    const format = req.query.format ?? 'arrow';
    if (params.some((p) => p !== 'format' && p !== 'release') || (format !== 'arrow' && format !== 'json')) {
      res.status(400).json({ error: { code: 'BAD_PARAMETER', message: 'Public tables take only ?format=arrow|json and ?release=<number>; filter the downloaded table instead.' } });
      return;
    }
    let release: number | null;
    try {
      release = parseReleaseParameter(req.query.release, dirOf());
    } catch (err) {
      if (!(err instanceof ReleaseParameterError)) throw err;
      res.status(400).json({ error: { code: err.code, message: err.message } });
      return;
    }
    const table = readPublishedTable(dirOf(), String(req.params.table), release);
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
