// A subscription delivered for real: the demo server (in this process, so the
// test can create the subscription on its warehouse), a real SMTP server on
// 127.0.0.1 receiving and parsing the message, and the PDF printed by
// Chromium read back as text. The demo funder's monthly report of their
// project must show the project's paid amount and no other project's CUP.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { extractText, getDocumentProxy, renderPageAsImage } from 'unpdf';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import ExcelJS from 'exceljs';
import { startServer, type RunningServer } from '../../server/serve.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import { silentLogger } from '../../runtime/log.ts';
import { addSubscription, listDeliveries } from '../../reports/subscriptions.ts';
import { parseReportSpec } from '../../reports/request.ts';
import { demoTemplate, loginCookie } from '../e2e/harness.ts';

const CUP = 'F31D23000140007';
// A CUP: a letter, two digits, a letter, eleven digits.
const ANY_CUP = /\b[A-Z]\d{2}[A-Z]\d{11}\b/g;
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

interface Received {
  to: string[];
  mail: ParsedMail;
}

let smtp: SMTPServer;
let smtpPort: number;
const received: Received[] = [];
let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  smtpPort = (smtp.server.address() as { port: number }).port;
  dataDir = mkdtempSync(join(tmpdir(), 'oss-reports-'));
  cpSync(demoTemplate(), dataDir, { recursive: true });
  server = await startServer({
    paths: resolveDataPaths({ dataDir }),
    port: 0,
    demo: true,
    scheduler: false,
    logger: silentLogger,
    app: {
      security: {
        env: {
          ...process.env,
          OSSERVATORIO_SMTP_HOST: '127.0.0.1',
          OSSERVATORIO_SMTP_PORT: String(smtpPort),
          OSSERVATORIO_SMTP_TLS: 'none',
          OSSERVATORIO_SMTP_FROM: 'osservatorio@example.org',
        },
      },
    },
  });
});

afterAll(async () => {
  await server?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

// pdf.js draws pages with ArrayBuffer.prototype.transferToFixedLength, which
// Node has from version 21; on Node 20 a copy does the same for drawing.
const proto = ArrayBuffer.prototype as ArrayBuffer & { transferToFixedLength?: (length?: number) => ArrayBuffer };
proto.transferToFixedLength ??= function (this: ArrayBuffer, length = this.byteLength) {
  const copy = new ArrayBuffer(length);
  new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
  return copy;
};

/** The share of a PNG's pixels that are not (nearly) white. */
async function inkShare(png: Buffer): Promise<number> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) ink++;
  return ink / (image.width * image.height);
}

// Chromium prints take seconds alone and far longer on a shared 2-core machine.
vi.setConfig({ testTimeout: 240_000 });

describe('report subscriptions', () => {
  it('e-mails the demo funder a monthly PDF of their project, under their scope, once per scheduled time', async () => {
    const wh = server.services.warehouse;
    // Subscribed 40 days ago: the first of this month at 07:00 (Rome) has passed since.
    const sub = await addSubscription(wh, {
      username: 'demo-funder',
      report: parseReportSpec(`project:${CUP}`),
      schedule: 'monthly',
      email: 'funder@example.org',
      createdBy: 'demo-funder',
      at: new Date(Date.now() - 40 * 86_400_000),
    });
    expect(sub.schedule).toBe('0 7 1 * *');

    const run = await server.jobs.runNow('reports');
    expect(run.status, run.error ?? '').toBe('ok');
    expect(run.rows).toBe(1);
    expect(received).toHaveLength(1);
    const { to, mail } = received[0];
    expect(to).toEqual(['funder@example.org']);
    expect(mail.subject).toContain('Rapporto di progetto');
    expect(mail.subject).toContain(CUP);
    const names = mail.attachments.map((a) => a.filename).sort();
    expect(names).toEqual([expect.stringMatching(new RegExp(`^progetto-${CUP}-\\d{4}-\\d{2}-01-sub${sub.id}\\.pdf$`)), expect.stringMatching(/\.xlsx$/)]);

    const pdf = mail.attachments.find((a) => a.filename!.endsWith('.pdf'))!;
    expect(pdf.contentType).toBe('application/pdf');
    const doc = await getDocumentProxy(new Uint8Array(pdf.content));
    const { text, totalPages } = await extractText(doc, { mergePages: true });
    const body = plain(text);
    expect(totalPages).toBeGreaterThan(1);
    // The funder's paid amount as the public record gives it, and as read from the warehouse independently.
    expect(body).toContain('605.305,62 €');
    const paid = await wh.scalar<number>(`select paid from mart.project_financial_history where project = $1 and is_latest`, [CUP]);
    const paidText = plain(new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR', useGrouping: 'always' }).format(Number(paid)));
    expect(paidText).toBe('605.305,62 €');
    expect(body).toContain(paidText);
    expect([...new Set(body.match(ANY_CUP))]).toEqual([CUP]);
    // Cover, sources, method notes and page numbers.
    expect(body).toContain('Rapporto di progetto');
    expect(body).toContain('Fonti');
    expect(body).toContain('Note di metodo');
    expect(body).toMatch(new RegExp(`Pagina 1 di ${totalPages}`));
    // Every page drawn to PNG in tests/artifacts/ for a person to review; each one holds ink, not a blank sheet.
    const artifacts = join(import.meta.dirname, '..', 'artifacts', 'reports');
    mkdirSync(artifacts, { recursive: true });
    for (let n = 1; n <= totalPages; n++) {
      const png = Buffer.from(await renderPageAsImage(new Uint8Array(pdf.content), n, { canvasImport: () => import('@napi-rs/canvas'), scale: 1 }));
      writeFileSync(join(artifacts, `project-report-page-${n}.png`), png);
      expect(await inkShare(png), `page ${n}`).toBeGreaterThan(0.005);
    }

    // The XLSX holds the page's tables, as shown.
    const xlsx = mail.attachments.find((a) => a.filename!.endsWith('.xlsx'))!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.content as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(plain(String(c.value))))));
    expect(cells).toContain('605.305,62 €');
    expect(cells.join(' ').match(ANY_CUP)?.every((c) => c === CUP)).toBe(true);

    // Recorded in ops.job_runs and as a delivery; a second run sends nothing more.
    const runs = await wh.rows<{ status: string; rows: number }>(`select status, rows from ops.job_runs where job = 'reports' order by run_id`);
    expect(runs).toEqual([{ status: 'ok', rows: 1 }]);
    const again = await server.jobs.runNow('reports');
    expect(again.status).toBe('ok');
    expect(again.rows).toBe(0);
    expect(received).toHaveLength(1);
    const deliveries = await listDeliveries(wh, { subscriptionId: sub.id });
    expect(deliveries.map((d) => [d.status, d.channel])).toEqual([['sent', 'smtp']]);
  });

  it('the PDF button answers a funder only for their own project', async () => {
    const cookie = await loginCookie(server.url, 'demo-funder');
    const other = await fetch(`${server.url}/reports/project/J11B21000000001.pdf`, { headers: { cookie } });
    expect(other.status).toBe(403);
    const anonymous = await fetch(`${server.url}/reports/project/${CUP}.pdf`, { redirect: 'manual' });
    expect([302, 303, 401]).toContain(anonymous.status);
  });
});
