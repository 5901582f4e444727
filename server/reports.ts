// The reports of this serving process: the pages they are printed from are
// this server's own, read with a session opened for the recipient (so the
// report shows what their pages show, nothing more). The address is known
// once the server listens, hence attach(); the reports job and the CLI's
// report command reach the pages through here.
import type { Warehouse } from '../warehouse/db.ts';
import type { ReportPages } from '../reports/deliverDue.ts';
import { renderReport, type RenderedReport } from '../reports/render.ts';
import type { ReportLang, ReportRequest } from '../reports/request.ts';
import { SESSION_COOKIE } from './auth/http.ts';
import type { SessionStore } from './auth/sessions.ts';

export class ServerReports {
  private attached: ReportPages | null = null;

  /** smtp: reports are e-mailed; folder: no SMTP server is configured, they go to the outbox folder. */
  constructor(readonly delivery: 'smtp' | 'folder' = 'folder') {}

  /** Called once the server listens on `baseUrl`. */
  attach(baseUrl: string, wh: Warehouse, sessions: SessionStore): void {
    this.attached = {
      baseUrl,
      async signIn(username: string) {
        const token = await sessions.create(wh, username);
        return { cookie: { name: SESSION_COOKIE, value: token }, end: () => sessions.destroy(wh, token) };
      },
    };
  }

  get pages(): ReportPages | null {
    return this.attached;
  }

  /** Renders a report as `username` would see it on their pages. */
  async renderAs(username: string, request: ReportRequest, lang: ReportLang, at: Date): Promise<RenderedReport> {
    const pages = this.attached;
    if (!pages) throw new Error('The server is not listening yet: reports cannot be printed.');
    const session = await pages.signIn(username);
    try {
      return await renderReport({ baseUrl: pages.baseUrl, cookie: session.cookie, request, lang, generatedAt: at });
    } finally {
      await session.end();
    }
  }
}

/** The address this process's pages are read from: loopback when it listens on every interface. */
export function pagesBaseUrl(host: string, port: number): string {
  const h = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  return `http://${h}:${port}`;
}
