// GET /reports/project/:cup.pdf|xlsx, /reports/programme/:code.pdf|xlsx and
// /reports/territory.pdf|xlsx?region|province|comune|office=…&from=…&to=…:
// the page printed as a report with the requester's own session cookie, so
// the PDF holds exactly what their page holds. One report is printed at a
// time: each one is a Chromium run, costly on a small machine.
import { Router, type Request, type Response } from 'express';
import { parse as parseCookie } from 'cookie';
import { ChromiumMissingError, ReportPageError, renderReport } from '../../reports/render.ts';
import { checkRequest, reportFileStem, ReportRequestError, TERRITORY_LEVELS, type ReportRequest } from '../../reports/request.ts';
import { SESSION_COOKIE } from '../auth/http.ts';

let queue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(fn: () => Promise<T>): Promise<T> {
  const run = queue.then(fn, fn);
  queue = run.catch(() => {});
  return run;
}

function territoryRequest(req: Request): ReportRequest {
  const q = req.query;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const levels = TERRITORY_LEVELS.filter((l) => str(q[l]));
  if (levels.length > 1) throw new ReportRequestError(`A territory brief is about one territory; got ${levels.join(' and ')}.`);
  return checkRequest({
    kind: 'territory',
    ...(levels[0] ? { territory: { level: levels[0], code: str(q[levels[0]])! } } : {}),
    from: str(q.from),
    to: str(q.to),
  });
}

async function answer(req: Request, res: Response, request: () => ReportRequest, format: string): Promise<void> {
  const lang = req.query.lang === 'en' ? 'en' : 'it';
  const token = req.headers.cookie ? parseCookie(req.headers.cookie)[SESSION_COOKIE] : undefined;
  let r: ReportRequest;
  try {
    r = request();
  } catch (err) {
    if (err instanceof ReportRequestError) return void res.status(400).json({ error: { code: err.code, message: err.message } });
    throw err;
  }
  // The page is read from the address this request came in on: the same server, whatever it listens on.
  const host = (req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${req.socket.localPort}`;
  try {
    const out = await oneAtATime(() =>
      renderReport({ baseUrl, cookie: { name: SESSION_COOKIE, value: token ?? '' }, request: r, lang, generatedAt: new Date() }),
    );
    const stem = reportFileStem(r);
    if (format === 'pdf') {
      res.type('application/pdf').attachment(`${stem}.pdf`).send(out.pdf);
    } else {
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`${stem}.xlsx`).send(out.xlsx);
    }
  } catch (err) {
    if (err instanceof ReportPageError) return void res.status(err.status >= 400 ? err.status : 502).json({ error: { code: err.code, message: err.message } });
    if (err instanceof ChromiumMissingError) return void res.status(503).json({ error: { code: err.code, message: err.message } });
    throw err;
  }
}

export function createReportsRouter(): Router {
  const r = Router();
  r.get(/^\/reports\/project\/([A-Z0-9]{15})\.(pdf|xlsx)$/, (req, res) =>
    answer(req, res, () => checkRequest({ kind: 'project', cup: String(req.params[0]) }), String(req.params[1])),
  );
  r.get(/^\/reports\/programme\/([^/]+)\.(pdf|xlsx)$/, (req, res) =>
    answer(req, res, () => checkRequest({ kind: 'programme', code: decodeURIComponent(String(req.params[0])) }), String(req.params[1])),
  );
  r.get(/^\/reports\/territory\.(pdf|xlsx)$/, (req, res) => answer(req, res, () => territoryRequest(req), String(req.params[0])));
  return r;
}
