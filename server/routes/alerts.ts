// Alerts over HTTP:
//  - POST /alerts/rules/:id/mute and /unmute: the buttons of the /alerts page,
//    plain forms (they work without JavaScript). Behind the route guard and
//    the Origin check like every unsafe request; a user mutes only their own
//    rules, an admin anyone's. Answers with a redirect back to the page.
//  - /api/alerts for the local CLI's operator token only (like /api/reports):
//    `osservatorio alerts list|add|mute|unmute|remove` while this server holds the
//    warehouse. Anything without the token falls through to the guarded
//    routes (no page or API answers it).
import { timingSafeEqual } from 'node:crypto';
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { recordAudit } from '../../warehouse/access/audit.ts';
import { addAlertRule, AlertRuleError, isAlertKind, listAlertRules, removeAlertRule, setAlertMuted } from '../../warehouse/alerts/rules.ts';
import { smtpFromEnv } from '../../reports/mail.ts';
import { OPERATOR_TOKEN_HEADER } from '../serverInfo.ts';

const OPERATOR = 'cli';

function refused(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

function ruleId(raw: unknown): number | null {
  const id = Number(raw);
  return Number.isInteger(id) && id > 0 ? id : null;
}

/** The page's mute and unmute buttons. */
export function createAlertsRouter(): Router {
  const r = Router();
  const form = express.urlencoded({ extended: false, limit: '2kb' });
  for (const action of ['mute', 'unmute'] as const) {
    r.post(`/alerts/rules/:id/${action}`, form, async (req: Request, res: Response) => {
      const services = req.services!;
      const user = req.user;
      const id = ruleId(req.params.id);
      const lang = (req.body as { lang?: string } | undefined)?.lang === 'en' ? 'en' : 'it';
      if (!user?.username) return refused(res, 401, 'LOGIN_REQUIRED', 'Accesso richiesto. / Login required.');
      if (id === null) return refused(res, 400, 'ALERT_RULE_INVALID', lang === 'it' ? 'Numero di regola non valido.' : 'Not a rule number.');
      const own = user.role === 'admin' ? {} : { username: user.username };
      const done = await setAlertMuted(services.warehouse, id, action === 'mute', own);
      await recordAudit(services.warehouse, {
        actor: user.username,
        role: user.role,
        action: `alert.${action}`,
        target: String(id),
        outcome: done ? 'ok' : 'denied',
      });
      // Someone else's rule is answered like a missing one: its existence is not theirs to know.
      if (!done) return refused(res, 404, 'UNKNOWN_ALERT_RULE', lang === 'it' ? `Nessuna regola n. ${id} tra le sue.` : `No rule no. ${id} among yours.`);
      res.redirect(303, `/alerts?lang=${lang}#rule-${id}`);
    });
  }
  return r;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function operatorRouter(env: NodeJS.ProcessEnv): Router {
  const r = Router();
  r.use(express.json({ limit: '10kb' }));
  const delivery = () => (smtpFromEnv(env) ? 'smtp' : 'folder');
  r.get('/', async (req, res) => {
    const user = typeof req.query.user === 'string' ? req.query.user : undefined;
    res.json({ rules: await listAlertRules(req.services!.warehouse, { username: user }), delivery: delivery() });
  });
  r.post('/', async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const kind = String(b.kind ?? '');
    try {
      if (!isAlertKind(kind)) throw new AlertRuleError(`'${kind.slice(0, 40)}' is not a kind of alert rule: target_status, spend_pace, feed_overdue, load_refused.`);
      const rule = await addAlertRule(req.services!.warehouse, {
        username: String(b.user ?? ''),
        kind,
        params: b.params ?? {},
        email: typeof b.email === 'string' && b.email ? b.email : null,
        lang: b.lang === 'en' ? 'en' : 'it',
        at: new Date(),
      });
      await recordAudit(req.services!.warehouse, { actor: OPERATOR, role: 'admin', action: 'alert.add', target: rule.username, outcome: 'ok', detail: `${rule.kind} ${JSON.stringify(rule.params)}` });
      res.json({ rule, delivery: delivery() });
    } catch (err) {
      if (err instanceof AlertRuleError) return refused(res, 400, 'ALERT_RULE_INVALID', err.message);
      throw err;
    }
  });
  r.delete('/:id', async (req, res) => {
    const id = ruleId(req.params.id);
    if (id === null) return refused(res, 400, 'ALERT_RULE_INVALID', `'${String(req.params.id).slice(0, 20)}' is not a rule number.`);
    if (!(await removeAlertRule(req.services!.warehouse, id)))
      return refused(res, 404, 'UNKNOWN_ALERT_RULE', `There is no alert rule ${id}; list them with 'osservatorio alerts list'.`);
    await recordAudit(req.services!.warehouse, { actor: OPERATOR, role: 'admin', action: 'alert.remove', target: String(id), outcome: 'ok' });
    res.json({ rule: id, removed: true });
  });
  r.post('/:id/:action', async (req, res) => {
    const id = ruleId(req.params.id);
    const action = req.params.action;
    if (action !== 'mute' && action !== 'unmute') return refused(res, 404, 'NOT_FOUND', 'No such API route.');
    if (id === null) return refused(res, 400, 'ALERT_RULE_INVALID', `'${String(req.params.id).slice(0, 20)}' is not a rule number.`);
    if (!(await setAlertMuted(req.services!.warehouse, id, action === 'mute')))
      return refused(res, 404, 'UNKNOWN_ALERT_RULE', `There is no alert rule ${id}; list them with 'osservatorio alerts list'.`);
    await recordAudit(req.services!.warehouse, { actor: OPERATOR, role: 'admin', action: `alert.${action}`, target: String(id), outcome: 'ok' });
    res.json({ rule: id, muted: action === 'mute' });
  });
  return r;
}

/** Mount at /api/alerts before the session and the route guard. */
export function operatorAlerts(token: string, env: NodeJS.ProcessEnv): RequestHandler {
  const router = operatorRouter(env);
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.get(OPERATOR_TOKEN_HEADER);
    if (given && sameToken(given, token)) return router(req, res, next);
    next();
  };
}
