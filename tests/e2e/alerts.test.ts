// The director of Bari follows the targets of the Bari project: an operator
// adds the rule and runs the evaluation through the running server (the
// CLI), and the director sees the alerts on /alerts in Italian — the
// figures equal to ones computed here with SQL on the demo's own tables
// (core.*), dates as dd/mm/yyyy, statuses in words — and mutes the rule
// with its button.
import { spawnSync } from 'node:child_process';
import { get } from 'node:http';
import { describe, expect, it } from 'vitest';
import { readServerInfo, OPERATOR_TOKEN_HEADER } from '../../server/serverInfo.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import type { AlertRule } from '../../warehouse/alerts/rules.ts';
import { axeViolations, CLI, demoTemplate, realProblems, ROOT, useSignedInDemo } from './harness.ts';

const demo = useSignedInDemo('demo-director');
const BARI_PROJECT = 'J91D23000310007';

function sql<T>(query: string): T[] {
  const r = spawnSync(process.execPath, [CLI, 'sql', query, '--format', 'json', '--data-dir', demoTemplate()], { encoding: 'utf8', cwd: ROOT });
  if (r.status !== 0) throw new Error(`sql failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T[];
}

const days = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
// Italian e-mails group thousands from four digits (1.205,00), which Intl's it-IT does only when asked.
const it2 = (n: number) => n.toLocaleString('it-IT', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: 'always' });
const itDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** The rules as the server holds them, read with the operator token like the CLI (a fresh connection each time). */
function operatorRules(): Promise<AlertRule[]> {
  const info = readServerInfo(resolveDataPaths({ dataDir: demo.server.dataDir }))!;
  return new Promise((resolve, reject) => {
    get(`${demo.server.base}/api/alerts?user=demo-director`, { headers: { [OPERATOR_TOKEN_HEADER]: info.token }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => (res.statusCode === 200 ? resolve((JSON.parse(body) as { rules: AlertRule[] }).rules) : reject(new Error(`HTTP ${res.statusCode}: ${body}`))));
    }).on('error', reject);
  });
}

describe('alerts in the app', () => {
  it('the Bari director sees the alert in Italian and mutes the rule', async () => {
    demo.server.cli('alerts', 'add', '--user', 'demo-director', '--kind', 'target_status', '--project', BARI_PROJECT);
    demo.server.cli('alerts', 'evaluate');
    const [rule] = await operatorRules();
    expect(rule).toMatchObject({ username: 'demo-director', kind: 'target_status', muted: false });

    // The milestone of EECO02 for the Bari project, computed from the contract tables: the latest report
    // as of the marts' date against the straight line from the project's start to the milestone.
    const [m] = sql<{ actual: number; target_value: number; baseline: number; due: string; start: string; as_of: string }>(`
      select (select r.value from core.indicator_reports r
               where r.cup = t.scope_id and r.indicator_code = t.indicator_code and r.as_of <= i.as_of
               order by r.as_of desc limit 1)::DOUBLE as actual,
             t.target_value::DOUBLE as target_value, coalesce(t.baseline, 0)::DOUBLE as baseline,
             t.due_date::VARCHAR as due, p.start_date::VARCHAR as start, i.as_of::VARCHAR as as_of
        from core.targets t join core.projects p on p.cup = t.scope_id, mart.refresh_info i
       where t.scope = 'project' and t.scope_id = '${BARI_PROJECT}' and t.indicator_code = 'EECO02' and t.kind = 'milestone'`);
    const expected = m.baseline + (m.target_value - m.baseline) * Math.min(1, Math.max(0, (days(m.as_of) - days(m.start)) / (days(m.due) - days(m.start))));
    const ratio = m.actual / expected;
    expect(ratio).toBeLessThan(0.8); // off track in the demo: the alert must be there

    const { page, problems } = await demo.open('/alerts');
    expect(realProblems(problems)).toEqual([]);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Avvisi');
    await expect(page.getByRole('navigation').getByRole('link', { name: 'Avvisi' }).getAttribute('aria-current')).resolves.toBe('page');

    const event = page.getByTestId('alert-event').filter({ hasText: `Indicatore EECO02 (traguardo, progetto ${BARI_PROJECT}): fuori linea` });
    await expect(event.count()).resolves.toBe(1);
    const cells = await event.locator('td').allInnerTexts();
    const today = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
    expect(cells[0]).toBe(today);
    expect(cells[2]).toBe(
      `Valore attuale ${it2(m.actual)}, atteso alla data ${it2(expected)}, obiettivo ${it2(m.target_value)} entro il ${itDate(m.due)}. Dati al ${itDate(m.as_of)}.`,
    );
    // No SMTP in the demo server: the page says where alerts go instead.
    await expect(page.getByTestId('alerts-delivery').innerText()).resolves.toMatch(/^Nessun server SMTP configurato: gli avvisi non sono inviati per e-mail ma salvati nella cartella .*reports-outbox\.$/);
    expect(cells[3]).toMatch(/^salvato nella cartella \(\d{2}\/\d{2}\/\d{4}\)$/);

    // Statuses in words, dates as people read them: no state code, no ISO date anywhere on the page.
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/\b(on_track|at_risk|off_track|target_status|milestone)\b/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const ruleRow = page.locator(`#rule-${rule!.ruleId}`);
    await expect(ruleRow.innerText()).resolves.toContain(`EECO02 (traguardo, progetto ${BARI_PROJECT}): fuori linea (dal ${today})`);
    expect(await axeViolations(page)).toEqual([]);

    // Mute: a plain form; the page comes back with the rule muted, and the warehouse agrees.
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/alerts'),
      ruleRow.getByRole('button', { name: `Sospendi la regola ${rule!.ruleId}` }).click(),
    ]);
    await expect(page.locator(`#rule-${rule!.ruleId}`).getByTestId('alert-rule-state').innerText()).resolves.toBe('Sospesa');
    await expect(page.locator(`#rule-${rule!.ruleId}`).getByRole('button').innerText()).resolves.toBe('Riattiva');
    expect((await operatorRules())[0]).toMatchObject({ ruleId: rule!.ruleId, muted: true });

    // Removed from the command line while the server runs: through the server, and gone from the page.
    demo.server.cli('alerts', 'remove', String(rule!.ruleId));
    expect(await operatorRules()).toEqual([]);
    await page.reload();
    await expect(page.locator(`#rule-${rule!.ruleId}`).count()).resolves.toBe(0);
  }, 240_000);
});
