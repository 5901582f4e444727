// What the serving process hands to every HTTP consumer (Express routers and
// SvelteKit pages alike). SvelteKit reads it from `event.platform.req.services`
// (adapter-node passes the Node request as platform.req), so the dashboard
// never opens DuckDB itself: one process, one warehouse, one query layer.
import type { Warehouse } from '../warehouse/db.ts';
import type { DataPaths } from '../warehouse/paths.ts';
import type { Logger } from '../runtime/log.ts';
import type { JobService } from '../jobs/service.ts';
import type { ServerReports } from './reports.ts';

export interface AppServices {
  warehouse: Warehouse;
  paths: DataPaths;
  logger: Logger;
  /** True when serving the embedded synthetic demo (pages show a banner). */
  demo: boolean;
  /** The job runner (and scheduler, when it runs) of this process; absent in an app built without one. */
  jobs?: JobService;
  /** Printing reports from this process's pages (absent in an app built without a listening server). */
  reports?: ServerReports;
}

declare module 'http' {
  interface IncomingMessage {
    services?: AppServices;
  }
}
