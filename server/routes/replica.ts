// The writer's side of server/replica/writerLink.ts: POST /api/replica/session
// (who a session cookie belongs to, resolved exactly as for the writer's own
// requests, idle clock included) and POST /api/replica/audit (an entry a
// reader records here). Only for callers with the operator token of
// <data-dir>/server.json; anything else falls through to the guarded routes
// (where no such path exists). Mounted before the session is read.
import { timingSafeEqual } from 'node:crypto';
import express, { Router, type RequestHandler } from 'express';
import { recordAudit, type AuditEntry, type AuditOutcome } from '../../warehouse/access/audit.ts';
import type { Auth } from '../auth/http.ts';
import { OPERATOR_TOKEN_HEADER } from '../serverInfo.ts';

const OUTCOMES = new Set<AuditOutcome>(['ok', 'denied', 'failed', 'refused']);
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const text = (v: unknown): v is string => typeof v === 'string' && v.length <= 1000;

export function replicaAuthority(token: string, auth: Auth): RequestHandler {
  const router = Router();
  router.use(express.json({ limit: '4kb' }));
  router.post('/session', async (req, res) => {
    const cookie = (req.body as { token?: unknown } | undefined)?.token;
    if (typeof cookie !== 'string' || !TOKEN_RE.test(cookie)) return void res.json({ user: null });
    res.set('Cache-Control', 'no-store').json({ user: await auth.resolveUser(req.services!.warehouse, cookie) });
  });
  router.post('/audit', async (req, res) => {
    const e = (req.body ?? {}) as Partial<AuditEntry>;
    if (!text(e.role) || !text(e.action) || !OUTCOMES.has(e.outcome as AuditOutcome) || !(e.actor == null || text(e.actor)) || !(e.target == null || text(e.target)) || !(e.detail == null || text(e.detail)))
      return void res.status(400).json({ error: { code: 'AUDIT_ENTRY_INVALID', message: 'An audit entry needs role, action and outcome (ok, denied, failed, refused).' } });
    await recordAudit(req.services!.warehouse, { actor: e.actor ?? null, role: e.role, action: e.action, target: e.target ?? null, outcome: e.outcome!, detail: e.detail ?? null });
    res.json({ ok: true });
  });
  return (req, res, next) => {
    const given = req.get(OPERATOR_TOKEN_HEADER);
    if (given && sameToken(given, token)) return router(req, res, next);
    next();
  };
}
