// GET /healthz (the process answers) and GET /readyz (the warehouse schema is
// current, 503 otherwise): probes for a supervisor or load balancer. Mounted
// before the session is read, and public in the route rules.
import { Router } from 'express';
import type { Warehouse } from '../../warehouse/db.ts';
import { isSchemaCurrent } from '../../warehouse/migrate.ts';

export function createHealthRouter(fallback: Warehouse): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', pid: process.pid, uptimeSeconds: Math.round(process.uptime()) });
  });
  router.get('/readyz', async (req, res) => {
    // A snapshot reader's request carries the snapshot it is answered from.
    const warehouse = req.services?.warehouse ?? fallback;
    try {
      const applied = await warehouse.scalar<number>(
        `select max(version) from ops.schema_migrations`,
      );
      const current = await isSchemaCurrent(warehouse);
      res
        .status(current ? 200 : 503)
        .json({ status: current ? 'ready' : 'schema_outdated', schemaVersion: applied ?? null });
    } catch (err) {
      res.status(503).json({ status: 'unavailable', error: (err as Error).message });
    }
  });
  return router;
}
