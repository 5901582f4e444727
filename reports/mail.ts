// Delivering a report: by e-mail through the SMTP server the environment
// names (nodemailer), or, when none is configured, into a folder of the data
// directory where an operator can pick it up (the CLI and /operations say
// which). Settings come from the environment only, so no credential is ever
// stored in the warehouse or the configuration file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

export type SmtpTls = 'implicit' | 'starttls' | 'none';

export interface SmtpSettings {
  host: string;
  port: number;
  /** implicit: TLS from the first byte (465); starttls: upgrade required (587); none: plain (a local relay only). */
  tls: SmtpTls;
  user?: string;
  password?: string;
  from: string;
}

export class MailConfigError extends Error {
  readonly code = 'SMTP_CONFIG_INVALID';
}

export const SMTP_ENV = {
  host: 'OSSERVATORIO_SMTP_HOST',
  port: 'OSSERVATORIO_SMTP_PORT',
  tls: 'OSSERVATORIO_SMTP_TLS',
  user: 'OSSERVATORIO_SMTP_USER',
  password: 'OSSERVATORIO_SMTP_PASSWORD',
  from: 'OSSERVATORIO_SMTP_FROM',
} as const;

/** The SMTP settings, or null when OSSERVATORIO_SMTP_HOST is not set (reports go to the outbox folder). */
export function smtpFromEnv(env: NodeJS.ProcessEnv = process.env): SmtpSettings | null {
  const host = env[SMTP_ENV.host]?.trim();
  if (!host) return null;
  const tls = (env[SMTP_ENV.tls]?.trim() || 'starttls') as SmtpTls;
  if (!['implicit', 'starttls', 'none'].includes(tls))
    throw new MailConfigError(`${SMTP_ENV.tls}='${env[SMTP_ENV.tls]}' is not one of implicit, starttls, none (docs/operations.md).`);
  const rawPort = env[SMTP_ENV.port]?.trim();
  const port = rawPort ? Number(rawPort) : tls === 'implicit' ? 465 : 587;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new MailConfigError(`${SMTP_ENV.port}='${rawPort}' is not a port number (1–65535).`);
  const from = env[SMTP_ENV.from]?.trim();
  if (!from) throw new MailConfigError(`${SMTP_ENV.host} is set but ${SMTP_ENV.from} (the sender address) is not.`);
  const user = env[SMTP_ENV.user]?.trim() || undefined;
  const password = env[SMTP_ENV.password] || undefined;
  if (Boolean(user) !== Boolean(password)) throw new MailConfigError(`Set both ${SMTP_ENV.user} and ${SMTP_ENV.password}, or neither.`);
  return { host, port, tls, user, password, from };
}

export interface OutgoingReport {
  /** null: no address, the folder only. */
  to: string | null;
  subject: string;
  text: string;
  /** File name stem, e.g. progetto-F31D23000140007-2026-12-01. */
  stem: string;
  pdf: Buffer;
  xlsx: Buffer;
}

export type Delivery = { channel: 'smtp'; messageId: string } | { channel: 'folder'; dir: string };

/** <data-dir>/reports-outbox: where reports (and alerts) go when no SMTP server is configured. */
export function outboxDir(dataDir: string): string {
  return join(dataDir, 'reports-outbox');
}

/** A message in its simplest form: text, and any files attached to it. */
export interface OutgoingMail {
  /** null: no address, the folder only. */
  to: string | null;
  subject: string;
  text: string;
  /** The message's folder name in the outbox, e.g. progetto-F31D23000140007-2026-12-01-sub1. */
  stem: string;
  attachments: { filename: string; content: Buffer; contentType: string }[];
}

/**
 * Sends a message through SMTP when a server and an address are given, else
 * saves it to <outbox>/<stem>/ (message.txt and the attachments; never the address).
 */
export async function deliverMail(out: OutgoingMail, options: { smtp: SmtpSettings | null; outbox: string }): Promise<Delivery> {
  if (options.smtp && out.to) {
    const s = options.smtp;
    const transport = nodemailer.createTransport({
      host: s.host,
      port: s.port,
      secure: s.tls === 'implicit',
      requireTLS: s.tls === 'starttls',
      ignoreTLS: s.tls === 'none',
      auth: s.user ? { user: s.user, pass: s.password } : undefined,
    });
    try {
      const info = await transport.sendMail({ from: s.from, to: out.to, subject: out.subject, text: out.text, attachments: out.attachments });
      return { channel: 'smtp', messageId: String(info.messageId) };
    } finally {
      transport.close();
    }
  }
  const dir = join(options.outbox, out.stem);
  mkdirSync(dir, { recursive: true });
  for (const a of out.attachments) writeFileSync(join(dir, a.filename), a.content);
  writeFileSync(join(dir, 'message.txt'), `${out.subject}\n\n${out.text}\n`);
  return { channel: 'folder', dir };
}

export async function deliverReport(
  out: OutgoingReport,
  options: { smtp: SmtpSettings | null; outbox: string },
): Promise<Delivery> {
  return deliverMail(
    {
      to: out.to,
      subject: out.subject,
      text: out.text,
      stem: out.stem,
      attachments: [
        { filename: `${out.stem}.pdf`, content: out.pdf, contentType: 'application/pdf' },
        { filename: `${out.stem}.xlsx`, content: out.xlsx, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      ],
    },
    options,
  );
}
