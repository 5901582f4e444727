import { outboxDir } from '../reports/mail.ts';

/**
 * The line telling an operator where this data directory's mail goes: through
 * the configured SMTP server, or — with none configured — to the outbox folder.
 * `what` names what is delivered ("alerts", "reports"); `smtpNote` adds what
 * still goes to the folder when SMTP is configured.
 */
export function deliveryLine(delivery: 'smtp' | 'folder', dataDir: string, what: string, smtpNote?: string): string {
  return delivery === 'smtp'
    ? `delivery: e-mail through the configured SMTP server${smtpNote ? ` (${smtpNote})` : ''}`
    : `delivery: no SMTP server configured (OSSERVATORIO_SMTP_HOST), so ${what} are saved to ${outboxDir(dataDir)}/`;
}
