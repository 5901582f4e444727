// What the serving process hands to every HTTP consumer (Express routers and
// SvelteKit pages alike). SvelteKit reads it from `event.platform.req.services`
// (adapter-node passes the Node request as platform.req), so the dashboard
// never opens DuckDB itself: one process, one warehouse, one query layer.
import type { Warehouse } from '../../warehouse/db.ts';
import type { DataPaths } from '../../warehouse/paths.ts';
import type { Logger } from '../../jobs/log.ts';

export interface AppServices {
  warehouse: Warehouse;
  paths: DataPaths;
  logger: Logger;
  /** True when serving the embedded synthetic demo (pages show a banner). */
  demo: boolean;
  /** Filled by the jobs module when the scheduler runs in this process. */
  jobs?: unknown;
}

declare module 'http' {
  interface IncomingMessage {
    services?: AppServices;
  }
}
