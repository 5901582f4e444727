// SMTP settings from the environment (refused with the variable to fix), and
// the folder a report goes to when no SMTP server is configured.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deliverReport, MailConfigError, outboxDir, smtpFromEnv } from '../../reports/mail.ts';
import { parseReportSpec, reportPagePath, reportSpec, ReportRequestError } from '../../reports/request.ts';
import { dueAt, resolveSchedule, SubscriptionError } from '../../reports/subscriptions.ts';

describe('SMTP settings', () => {
  it('none without a host: reports go to the outbox folder', () => {
    expect(smtpFromEnv({})).toBeNull();
  });
  it('reads host, port, TLS mode, credentials and sender', () => {
    expect(smtpFromEnv({ OSSERVATORIO_SMTP_HOST: 'mail.example.org', OSSERVATORIO_SMTP_FROM: 'oss@example.org', OSSERVATORIO_SMTP_TLS: 'implicit', OSSERVATORIO_SMTP_USER: 'u', OSSERVATORIO_SMTP_PASSWORD: 'p' })).toEqual({
      host: 'mail.example.org',
      port: 465,
      tls: 'implicit',
      user: 'u',
      password: 'p',
      from: 'oss@example.org',
    });
    expect(smtpFromEnv({ OSSERVATORIO_SMTP_HOST: 'mail.example.org', OSSERVATORIO_SMTP_FROM: 'oss@example.org' })?.port).toBe(587);
  });
  it('refuses what it cannot use, naming the variable', () => {
    expect(() => smtpFromEnv({ OSSERVATORIO_SMTP_HOST: 'h' })).toThrow(/OSSERVATORIO_SMTP_FROM/);
    expect(() => smtpFromEnv({ OSSERVATORIO_SMTP_HOST: 'h', OSSERVATORIO_SMTP_FROM: 'a@b.it', OSSERVATORIO_SMTP_TLS: 'ssl' })).toThrow(MailConfigError);
    expect(() => smtpFromEnv({ OSSERVATORIO_SMTP_HOST: 'h', OSSERVATORIO_SMTP_FROM: 'a@b.it', OSSERVATORIO_SMTP_PORT: '99999' })).toThrow(/OSSERVATORIO_SMTP_PORT/);
    expect(() => smtpFromEnv({ OSSERVATORIO_SMTP_HOST: 'h', OSSERVATORIO_SMTP_FROM: 'a@b.it', OSSERVATORIO_SMTP_USER: 'u' })).toThrow(/OSSERVATORIO_SMTP_PASSWORD/);
  });
});

describe('delivery without SMTP', () => {
  it('saves the PDF, the XLSX and the message in <data-dir>/reports-outbox/<stem>/', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'oss-outbox-'));
    try {
      const d = await deliverReport(
        { to: 'someone@example.org', subject: 'Osservatorio — prova', text: 'testo', stem: 'progetto-F31D23000140007-2026-12-01-sub1', pdf: Buffer.from('%PDF-1.7 x'), xlsx: Buffer.from('PK x') },
        { smtp: null, outbox: outboxDir(dataDir) },
      );
      expect(d).toEqual({ channel: 'folder', dir: join(dataDir, 'reports-outbox', 'progetto-F31D23000140007-2026-12-01-sub1') });
      if (d.channel !== 'folder') throw new Error('unreachable');
      expect(readdirSync(d.dir).sort()).toEqual(['message.txt', 'progetto-F31D23000140007-2026-12-01-sub1.pdf', 'progetto-F31D23000140007-2026-12-01-sub1.xlsx']);
      // The address is not written next to the report.
      expect(readFileSync(join(d.dir, 'message.txt'), 'utf8')).not.toContain('someone@example.org');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('report requests and schedules', () => {
  it('round-trips the one-line form and names the page it prints', () => {
    const r = parseReportSpec('territory:province=272,from=2025-01,to=2025-06');
    expect(reportSpec(r)).toBe('territory:province=272,from=2025-01,to=2025-06');
    expect(reportPagePath(r, 'it')).toBe('/?province=272&from=2025-01&to=2025-06&lang=it');
    expect(reportPagePath(parseReportSpec('project:F31D23000140007'), 'en')).toBe('/projects/F31D23000140007?lang=en');
    expect(() => parseReportSpec('territory:province=272,office=BA-PFB')).toThrow(/two territories/);
    expect(() => parseReportSpec('territory:from=2025-13')).toThrow(ReportRequestError);
    expect(() => parseReportSpec('budget:1')).toThrow(/names no report/);
  });
  it('a missed scheduled time is due once, at the newest one', () => {
    expect(resolveSchedule('monthly')).toBe('0 7 1 * *');
    expect(() => resolveSchedule('0 7 1 *')).toThrow(SubscriptionError);
    // Delivered up to 1 Oct 07:00 Rome (05:00 UTC); on 5 Dec the 1 Nov and 1 Dec times have passed: only 1 Dec is due.
    const due = dueAt({ schedule: '0 7 1 * *', deliveredUntil: '2026-10-01 05:00:00' }, new Date('2026-12-05T10:00:00Z'));
    expect(due?.toISOString()).toBe('2026-12-01T06:00:00.000Z');
    expect(dueAt({ schedule: '0 7 1 * *', deliveredUntil: '2026-12-01 06:00:00' }, new Date('2026-12-05T10:00:00Z'))).toBeNull();
  });
});
