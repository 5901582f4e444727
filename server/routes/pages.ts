// The dashboard's pages: the SvelteKit (adapter-node) handler when
// dashboard/build exists, otherwise a page saying how to build it. Mounted
// last, after the route guard has admitted the request.
import type { RequestHandler } from 'express';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>Osservatorio — dashboard non compilata</title></head>
<body>
<h1>La dashboard non è ancora compilata</h1>
<p>Il server è attivo (<a href="/healthz">/healthz</a>, <a href="/readyz">/readyz</a>), ma manca <code>dashboard/build/</code>.</p>
<p>Compilala con <code>npm run build</code> e riavvia il server (<code>npm start</code> lo fa da solo).</p>
<hr>
<p lang="en">The dashboard is not built yet. Run <code>npm run build</code> and restart the server (<code>npm start</code> builds it for you).</p>
</body></html>
`;

const notBuilt: RequestHandler = (req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return void res.status(404).json({ error: { code: 'NOT_FOUND', message: 'Not found.' } });
  res.status(503).type('html').send(NOT_BUILT_PAGE);
};

export function pagesHandler(svelteHandler: RequestHandler | null | undefined): RequestHandler {
  return svelteHandler ?? notBuilt;
}
