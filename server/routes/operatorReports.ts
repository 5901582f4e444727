// The local CLI's reports API, answered only with the operator token of
// <data-dir>/server.json (like /api/jobs): `osservatorio report` prints a
// report as a named user while this server holds the warehouse, and
// `osservatorio subscriptions` manages subscriptions. Anything without the
// token falls through to the guarded routes (no page or API answers it).
import { timingSafeEqual } from 'node:crypto';
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { getUser } from '../../warehouse/accounts/users.ts';
import { recordAudit } from '../../warehouse/access/audit.ts';
import { ChromiumMissingError, ReportPageError } from '../../reports/render.ts';
import { parseReportSpec, ReportRequestError, reportSpec } from '../../reports/request.ts';
import { addSubscription, listSubscriptions, removeSubscription, SubscriptionError } from '../../reports/subscriptions.ts';
import { smtpFromEnv } from '../../reports/mail.ts';
import { OPERATOR_TOKEN_HEADER } from '../serverInfo.ts';

const OPERATOR = 'cli';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refused(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

function reportsRouter(env: NodeJS.ProcessEnv): Router {
  const r = Router();
  r.use(express.json({ limit: '20kb' }));
  r.post('/render', async (req, res) => {
    const services = req.services!;
    const body = (req.body ?? {}) as { report?: string; as?: string; lang?: string };
    try {
      const request = parseReportSpec(String(body.report ?? ''));
      const user = await getUser(services.warehouse, String(body.as ?? ''));
      if (!user) return refused(res, 404, 'UNKNOWN_USER', `There is no user '${String(body.as ?? '').slice(0, 64)}'; list them with 'osservatorio users list'.`);
      if (!services.reports) return refused(res, 503, 'REPORTS_UNAVAILABLE', 'This process prints no reports.');
      const out = await services.reports.renderAs(user.username, request, body.lang === 'en' ? 'en' : 'it', new Date());
      await recordAudit(services.warehouse, { actor: OPERATOR, role: 'admin', action: 'report.render', target: reportSpec(request), outcome: 'ok', detail: `as ${user.username}` });
      res.json({ subject: out.subject, pdf: out.pdf.toString('base64'), xlsx: out.xlsx.toString('base64') });
    } catch (err) {
      if (err instanceof ReportRequestError) return refused(res, 400, err.code, err.message);
      if (err instanceof ReportPageError) return refused(res, err.status, err.code, err.message);
      if (err instanceof ChromiumMissingError) return refused(res, 503, err.code, err.message);
      throw err;
    }
  });
  r.get('/subscriptions', async (req, res) => {
    const user = typeof req.query.user === 'string' ? req.query.user : undefined;
    res.json({ subscriptions: await listSubscriptions(req.services!.warehouse, { username: user }), delivery: smtpFromEnv(env) ? 'smtp' : 'folder' });
  });
  r.post('/subscriptions', async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    try {
      const sub = await addSubscription(req.services!.warehouse, {
        username: String(b.user ?? ''),
        report: parseReportSpec(String(b.report ?? '')),
        schedule: String(b.schedule ?? ''),
        email: typeof b.email === 'string' && b.email ? b.email : null,
        lang: b.lang === 'en' ? 'en' : 'it',
        createdBy: OPERATOR,
        at: new Date(),
      });
      await recordAudit(req.services!.warehouse, { actor: OPERATOR, role: 'admin', action: 'subscription.add', target: sub.username, outcome: 'ok', detail: reportSpec(sub.report) });
      res.json({ subscription: sub, delivery: smtpFromEnv(env) ? 'smtp' : 'folder' });
    } catch (err) {
      if (err instanceof ReportRequestError || err instanceof SubscriptionError) return refused(res, 400, err.code, err.message);
      throw err;
    }
  });
  r.delete('/subscriptions/:id', async (req, res) => {
    const id = Number(req.params.id);
    if (!Number.isInteger(id) || id <= 0) return refused(res, 400, 'SUBSCRIPTION_INVALID', `'${String(req.params.id).slice(0, 20)}' is not a subscription number.`);
    if (!(await removeSubscription(req.services!.warehouse, id))) return refused(res, 404, 'UNKNOWN_SUBSCRIPTION', `There is no subscription ${id}; list them with 'osservatorio subscriptions list'.`);
    await recordAudit(req.services!.warehouse, { actor: OPERATOR, role: 'admin', action: 'subscription.remove', target: String(id), outcome: 'ok' });
    res.json({ removed: id });
  });
  return r;
}

/** Mount at /api/reports before the session and the route guard. */
export function operatorReports(token: string, env: NodeJS.ProcessEnv): RequestHandler {
  const router = reportsRouter(env);
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.get(OPERATOR_TOKEN_HEADER);
    if (given && sameToken(given, token)) return router(req, res, next);
    next();
  };
}
