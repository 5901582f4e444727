// The report and subscriptions commands on a copy of the e2e demo, with no
// server running: `report project` starts a server of its own for the print
// and writes the PDF and XLSX; `subscriptions` works on the file and says
// where reports go when no SMTP server is configured.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import ExcelJS from 'exceljs';
import { cli } from '../foundation/cli.ts';
import { demoTemplate } from '../e2e/harness.ts';

const CUP = 'F31D23000140007';
const ANY_CUP = /\b[A-Z]\d{2}[A-Z]\d{11}\b/g;
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'oss-report-cli-'));
  cpSync(demoTemplate(), dataDir, { recursive: true });
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// Chromium prints take seconds alone and far longer on a shared 2-core machine.
vi.setConfig({ testTimeout: 240_000 });

describe('osservatorio report', () => {
  it('prints a project report as the funder sees it, to PDF and XLSX', async () => {
    const pdfFile = join(dataDir, 'out.pdf');
    const xlsxFile = join(dataDir, 'out.xlsx');
    const r = cli('report', 'project', CUP, '--as', 'demo-funder', '--demo', '--out', pdfFile, '--xlsx', xlsxFile, '--data-dir', dataDir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote ${pdfFile}`);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(readFileSync(pdfFile))), { mergePages: true });
    const body = text.replace(/[\u00a0\u202f]/g, ' ');
    expect(body).toContain('605.305,62 €');
    expect([...new Set(body.match(ANY_CUP))]).toEqual([CUP]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(xlsxFile) as unknown as ArrayBuffer);
    expect(wb.worksheets.length).toBeGreaterThan(1);
    // The command's own server is gone: the data directory is free again.
    expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
  });

  it('refuses a malformed CUP before starting anything', () => {
    const r = cli('report', 'project', 'NOT-A-CUP', '--as', 'demo-funder', '--out', join(dataDir, 'x.pdf'), '--data-dir', dataDir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("'NOT-A-CUP' is not a CUP");
  });
});

describe('osservatorio subscriptions', () => {
  it('adds, lists and removes, and says reports go to the outbox folder without SMTP', () => {
    expect(cli('users', 'add', 'bologna-funder', '--role', 'funder', '--scope', `project:${CUP}`, '--data-dir', dataDir).code).toBe(0);
    const add = cli('subscriptions', 'add', '--user', 'bologna-funder', '--report', `project:${CUP}`, '--schedule', 'monthly', '--data-dir', dataDir);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/added subscription (\d+): bologna-funder receives project:F31D23000140007 on '0 7 1 \* \*'/);
    expect(add.stdout).toContain(`no SMTP server configured (OSSERVATORIO_SMTP_HOST), so reports are saved to ${join(dataDir, 'reports-outbox')}/`);
    const id = /added subscription (\d+)/.exec(add.stdout)![1];

    const bad = cli('subscriptions', 'add', '--user', 'bologna-funder', '--report', `project:${CUP}`, '--schedule', 'every tuesday', '--data-dir', dataDir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("'every tuesday' is not a schedule");

    const list = cli('subscriptions', 'list', '--data-dir', dataDir);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^${id}\\s+bologna-funder\\s+project:${CUP}`, 'm'));

    expect(cli('subscriptions', 'remove', id, '--data-dir', dataDir).code).toBe(0);
    expect(cli('subscriptions', 'list', '--data-dir', dataDir).stdout).toContain('no subscriptions');
  });
});
