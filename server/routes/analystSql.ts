// POST /api/sql {sql} → {columns, rows, truncated}: the analyst SQL endpoint.
// The route guard admits analyst and admin only; AnalystSql re-checks the role.
import express, { Router, type Request, type Response } from 'express';
import { AccessError } from '../../warehouse/access/errors.ts';
import type { AnalystSql } from '../../warehouse/access/analystSql.ts';

export function createAnalystSqlRouter(engine: AnalystSql): Router {
  const router = Router();
  router.post('/api/sql', express.json({ limit: '32kb' }), async (req: Request, res: Response) => {
    const sql = (req.body as { sql?: unknown } | undefined)?.sql;
    if (typeof sql !== 'string' || !sql.trim()) {
      res.status(400).json({ error: { code: 'SQL_MISSING', message: 'Send {"sql": "select …"}.' } });
      return;
    }
    try {
      res.set('Cache-Control', 'no-store').json(await engine.query(req.user, sql));
    } catch (err) {
      if (err instanceof AccessError) {
        const [code, ...rest] = err.message.split(': ');
        res.status(err.status).json({ error: { code: rest.length ? code : err.code, message: rest.join(': ') || err.message } });
        return;
      }
      res.status(500).json({ error: { code: 'SQL_INTERNAL', message: 'The query failed inside the server.' } });
    }
  });
  return router;
}
