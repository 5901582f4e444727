// One pass of the reports job: every subscription whose scheduled time has
// come is rendered under its recipient's own session (their scope, their
// disclosure control) and delivered, by e-mail or to the outbox folder.
// Each delivery is recorded; one that fails stays due, and the pass ends in
// an error naming it, so the job runner retries (only the failed ones are
// still due) and records the failure in ops.job_runs.
import type { Logger } from 'pino';
import type { Session } from '../warehouse/db.ts';
import { generatedText } from './cover.ts';
import { deliverReport, outboxDir, type SmtpSettings } from './mail.ts';
import { renderReport, type SessionCookie } from './render.ts';
import { reportFileStem, reportKindTitle, reportSpec } from './request.ts';
import { dueAt, listSubscriptions, recordDelivery, type Subscription } from './subscriptions.ts';

/** How a report reaches the pages: the running server and a session for the recipient. */
export interface ReportPages {
  baseUrl: string;
  /** Opens a session for `username` (ended by `end`): the page is read as they would read it. */
  signIn(username: string): Promise<{ cookie: SessionCookie; end(): Promise<void> }>;
}

export interface DeliverDueOptions {
  db: Session;
  dataDir: string;
  pages: ReportPages;
  smtp: SmtpSettings | null;
  now: () => Date;
  logger: Logger;
  runId: number | null;
  shouldStop: () => boolean;
  /** Chromium executable (default: CHROMIUM_PATH or /usr/bin/chromium). */
  chromium?: string;
}

export interface DeliveryOutcome {
  subscription: number;
  report: string;
  scheduledFor: string;
  status: 'sent' | 'saved' | 'failed';
  /** The folder the report was saved to (no SMTP server configured, or no address). */
  folder?: string;
  error?: string;
}

export class DeliveryFailedError extends Error {
  readonly code = 'REPORT_DELIVERY_FAILED';
  constructor(
    message: string,
    readonly partial: unknown,
  ) {
    super(message);
  }
}

function monthText(at: Date, lang: 'it' | 'en'): string {
  return new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'Europe/Rome' }).format(at);
}

async function deliverOne(s: Subscription, scheduledFor: Date, o: DeliverDueOptions): Promise<DeliveryOutcome> {
  const session = await o.pages.signIn(s.username);
  let rendered;
  try {
    rendered = await renderReport({ baseUrl: o.pages.baseUrl, cookie: session.cookie, request: s.report, lang: s.lang, generatedAt: o.now(), chromium: o.chromium });
  } finally {
    await session.end();
  }
  const kind = reportKindTitle(s.report, s.lang);
  const stem = `${reportFileStem(s.report)}-${scheduledFor.toISOString().slice(0, 10)}`;
  const intro =
    s.lang === 'it'
      ? `In allegato il rapporto programmato (${kind}), generato il ${generatedText(o.now(), s.lang)} con i permessi del destinatario: PDF stampato dalla pagina del cruscotto e XLSX con le stesse tabelle.`
      : `Attached is the scheduled report (${kind}), generated on ${generatedText(o.now(), s.lang)} with the recipient's permissions: a PDF printed from the dashboard page and an XLSX with the same tables.`;
  const delivery = await deliverReport(
    {
      to: o.smtp ? s.email : null,
      subject: `Osservatorio — ${kind}: ${rendered.subject} (${monthText(scheduledFor, s.lang)})`,
      text: `${intro}\n\n${s.lang === 'it' ? 'Abbonamento' : 'Subscription'} ${s.id}.`,
      stem: `${stem}-sub${s.id}`,
      pdf: rendered.pdf,
      xlsx: rendered.xlsx,
    },
    { smtp: o.smtp, outbox: outboxDir(o.dataDir) },
  );
  const status = delivery.channel === 'smtp' ? 'sent' : 'saved';
  await recordDelivery(o.db, {
    subscriptionId: s.id,
    runId: o.runId,
    scheduledFor,
    at: o.now(),
    status,
    channel: delivery.channel,
    file: delivery.channel === 'folder' ? delivery.dir : null,
    error: null,
  });
  return {
    subscription: s.id,
    report: reportSpec(s.report),
    scheduledFor: scheduledFor.toISOString(),
    status,
    ...(delivery.channel === 'folder' ? { folder: delivery.dir } : {}),
  };
}

/** Delivers every due subscription; throws DeliveryFailedError (after trying all) when any failed. */
export async function deliverDueReports(o: DeliverDueOptions): Promise<DeliveryOutcome[]> {
  const now = o.now();
  const due = (await listSubscriptions(o.db)).flatMap((s) => {
    const at = dueAt(s, now);
    return at ? [{ s, at }] : [];
  });
  const outcomes: DeliveryOutcome[] = [];
  for (const { s, at } of due) {
    if (o.shouldStop()) break;
    try {
      outcomes.push(await deliverOne(s, at, o));
    } catch (err) {
      const e = err as Error & { code?: string };
      const error = `${e.code ? e.code + ': ' : ''}${e.message}`;
      await recordDelivery(o.db, { subscriptionId: s.id, runId: o.runId, scheduledFor: at, at: o.now(), status: 'failed', channel: o.smtp && s.email ? 'smtp' : 'folder', file: null, error });
      o.logger.error({ code: 'REPORT_DELIVERY_FAILED', subscription: s.id, error }, 'a scheduled report was not delivered');
      outcomes.push({ subscription: s.id, report: reportSpec(s.report), scheduledFor: at.toISOString(), status: 'failed', error });
    }
  }
  const failed = outcomes.filter((x) => x.status === 'failed');
  if (failed.length)
    throw new DeliveryFailedError(
      `${failed.length} of ${outcomes.length} reports not delivered: ${failed.map((f) => `subscription ${f.subscription} (${f.error})`).join('; ')}`.slice(0, 1800),
      { deliveries: outcomes },
    );
  return outcomes;
}
