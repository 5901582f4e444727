// Alerts delivered for real: the job runner refreshes the marts on a real
// warehouse, the alerts job follows every refresh, and a real SMTP server on
// 127.0.0.1 receives and parses what is sent. The director of Bari follows
// the target of the Bari project: one e-mail when it turns off track, none
// when nothing changed, one per change back and forth; a muted rule sends
// nothing; a refused delivery fails the alerts run (recorded, the refresh
// kept) and is sent once by the next run.
//
// Fixture (contract files, synthetic): project J91D23000310007 (Comune di
// Bari) runs 2024-01-01 → 2026-01-01; its target EECO01 goes from 0 to 100 by
// 2025-01-01. Data as of 2024-07-01 (the latest date in the files, the marts'
// default): elapsed = 182 / 366 days, so expected = 100 × 182/366 = 49.73.
// Reported 48 → 48 / 49.73 = 0.965 ≥ 0.95: on track; 30 → 0.603 < 0.80: off track.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { loadFile } from '../../ingest/loadFile.ts';
import { resolveJobsConfig } from '../../jobs/config.ts';
import { JobRunner, type RunReport } from '../../jobs/runner.ts';
import { outboxDir } from '../../reports/mail.ts';
import { silentLogger } from '../../runtime/log.ts';
import { addUser } from '../../warehouse/accounts/users.ts';
import { addAlertRule, setAlertMuted } from '../../warehouse/alerts/rules.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { testClock } from '../jobs/helpers.ts';

const BARI = 'J91D23000310007';
const AS_OF = '2024-07-01';
const DIRECTOR_MAIL = 'direzione.bari@example.org';
const MUTED_MAIL = 'silenzio@example.org';
const EXPECTED = (100 * 182) / 366;
// Italian e-mails group thousands from four digits (1.205,00), which Intl's it-IT does only when asked.
const it2 = (n: number) => n.toLocaleString('it-IT', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: 'always' });

const FILES: Record<string, string> = {
  'programmes.csv': `programme_code,name,fund,managing_authority,period_start,period_end
2021IT16FFPR003,PN Metro Plus e città medie Sud 2021-2027,FSE+,Agenzia per la coesione territoriale,2021-01-01,2029-12-31
`,
  'projects.csv': `cup,programme_code,title,beneficiary,local_code,city,priority,action,fund,start_date,end_date,programme_resources,other_resources
${BARI},2021IT16FFPR003,Progetto Bari,Comune di Bari,BA.B,Bari,4,4.4.8.1,FSE+,2024-01-01,2026-01-01,1000000.00,0.00
`,
  'targets.csv': `target_id,scope,scope_id,indicator_code,due_date,target_value,unit,kind,baseline
${BARI}-EECO01-T,project,${BARI},EECO01,2025-01-01,100,persons,target,0
`,
};
// Each file also reports a running count of an indicator without a target, so
// that a value reported again is a new file (an identical file is a duplicate).
let reportNo = 0;
const report = (value: number) => `cup,indicator_code,as_of,value\n${BARI},EECO01,${AS_OF},${value}\n${BARI},EECO02,${AS_OF},${++reportNo}\n`;

interface Received {
  to: string[];
  mail: ParsedMail;
}

describe('alerts delivered after each marts refresh', () => {
  let t: TempWarehouse;
  let smtp: SMTPServer;
  let runner: JobRunner;
  let refuse = false;
  const received: Received[] = [];
  let n = 0;
  const clock = testClock();

  const load = async (name: string, content: string) => {
    const path = join(t.dir, `${String(++n).padStart(2, '0')}-${name}`);
    writeFileSync(path, content);
    const r = await loadFile(t.wh, path, { source: 'test', feed: name.replace(/\.csv$/, ''), today: '2024-07-15' });
    expect(r.status).toBe('loaded');
  };
  const refresh = () => runner.run('marts', 'manual');
  const alertsRun = (r: RunReport) => r.followUps.find((f) => f.job === 'alerts');
  const mailsTo = (address: string) => received.filter((r) => r.to.includes(address));

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        // A mailbox that refuses for a while, quoting the address as real servers do.
        if (refuse) return callback(Object.assign(new Error(`<${address.address}>: mailbox temporarily unavailable`), { responseCode: 450 }));
        callback();
      },
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
    const port = (smtp.server.address() as { port: number }).port;

    t = await tempWarehouse();
    for (const [name, content] of Object.entries(FILES)) await load(name, content);
    await load('indicator_reports.csv', report(48));
    await addUser(t.wh, { username: 'direttore-bari', role: 'director', password: 'una-password-lunga' });
    await addUser(t.wh, { username: 'altro-direttore', role: 'director', password: 'una-password-lunga' });
    runner = new JobRunner({
      wh: t.wh,
      paths: resolveDataPaths({ dataDir: t.dir, db: t.wh.path }),
      // Open data is not what this test is about; no retries, so a refused delivery shows in the run at once.
      config: resolveJobsConfig({ jobs: { 'open-data': { enabled: false }, alerts: { retries: 0 } } }),
      clock,
      logger: silentLogger,
      reports: { pages: () => null, smtp: { host: '127.0.0.1', port, tls: 'none', from: 'osservatorio@example.org' } },
    });
  }, 180_000);

  afterAll(async () => {
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await t?.cleanup();
  });

  it('sends the Bari director one e-mail per change of the target, none when nothing changed, none for a muted rule', async () => {
    const now = new Date();
    const director = await addAlertRule(t.wh, { username: 'direttore-bari', kind: 'target_status', params: { project: BARI }, email: DIRECTOR_MAIL, at: now });
    const muted = await addAlertRule(t.wh, { username: 'altro-direttore', kind: 'target_status', params: { project: BARI }, email: MUTED_MAIL, at: now });
    await setAlertMuted(t.wh, muted.ruleId, true);

    // On track at first sight: not news.
    const first = await refresh();
    expect(first.status).toBe('ok');
    expect(alertsRun(first)).toMatchObject({ status: 'ok', rows: 0 });
    expect(received).toEqual([]);

    // A corrected report turns it off track: exactly one e-mail, in Italian, with the figures of the fixture.
    await load('indicator_reports.csv', report(30));
    expect(alertsRun(await refresh())).toMatchObject({ status: 'ok', rows: 1 });
    expect(mailsTo(DIRECTOR_MAIL)).toHaveLength(1);
    const mail = mailsTo(DIRECTOR_MAIL)[0]!.mail;
    expect(mail.subject).toBe(`Osservatorio — Indicatore EECO01 (obiettivo, progetto ${BARI}): da in linea a fuori linea`);
    expect(mail.text).toContain(`Valore attuale ${it2(30)}, atteso alla data ${it2(EXPECTED)}, obiettivo ${it2(100)} entro il 01/01/2025. Dati al 01/07/2024.`);

    // Refresh and evaluate again with nothing changed: still one.
    expect(alertsRun(await refresh())).toMatchObject({ status: 'ok', rows: 0 });
    expect(mailsTo(DIRECTOR_MAIL)).toHaveLength(1);

    // Back on track, then off track again: one e-mail per change.
    await load('indicator_reports.csv', report(48));
    await refresh();
    expect(mailsTo(DIRECTOR_MAIL).map((m) => m.mail.subject)).toEqual([
      `Osservatorio — Indicatore EECO01 (obiettivo, progetto ${BARI}): da in linea a fuori linea`,
      `Osservatorio — Indicatore EECO01 (obiettivo, progetto ${BARI}): da fuori linea a in linea`,
    ]);
    await load('indicator_reports.csv', report(30));
    await refresh();
    await refresh();
    expect(mailsTo(DIRECTOR_MAIL)).toHaveLength(3);

    // The muted rule followed every change and sent nothing.
    expect(mailsTo(MUTED_MAIL)).toEqual([]);
    expect(received.every((r) => r.to.length === 1 && r.to[0] === DIRECTOR_MAIL)).toBe(true);
    const events = await t.wh.rows<{ rule_id: number; n: number; undelivered: number }>(
      `select rule_id, count(*)::INTEGER as n, count(*) filter (where delivered_at is null)::INTEGER as undelivered
       from ops.alert_events group by rule_id order by rule_id`,
    );
    expect(events.map((e) => [Number(e.rule_id), e.n, e.undelivered])).toEqual([[director.ruleId, 3, 0]]);
  }, 180_000);

  it('a refused delivery fails the alerts run, keeps the refresh, and is sent once by the next run', async () => {
    const refreshesBefore = Number(await t.wh.scalar(`select count(*) from ops.mart_refreshes`));
    refuse = true;
    await load('indicator_reports.csv', report(48));
    const run = await refresh();
    expect(run.status).toBe('ok');
    const failed = alertsRun(run)!;
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^ALERTS_FAILED: 1 alert problem\(s\): alert \d+ of rule \d+ not delivered \(.*temporarily unavailable/);
    // The refresh stayed; the failure is in ops.job_runs and in the delivery record, without the address.
    expect(Number(await t.wh.scalar(`select count(*) from ops.mart_refreshes`))).toBe(refreshesBefore + 1);
    const runRow = await t.wh.one<{ status: string; error: string }>(`select status, error from ops.job_runs where run_id = $1`, [failed.runId]);
    expect(runRow).toMatchObject({ status: 'failed' });
    const attempt = await t.wh.one<{ status: string; channel: string; error: string; run_id: number }>(
      `select status, channel, error, run_id from ops.alert_deliveries order by delivery_id desc limit 1`,
    );
    expect(attempt).toMatchObject({ status: 'failed', channel: 'smtp', run_id: failed.runId });
    expect(attempt!.error).toContain('temporarily unavailable');
    expect(`${attempt!.error} ${runRow!.error}`).not.toContain(DIRECTOR_MAIL);
    expect(mailsTo(DIRECTOR_MAIL)).toHaveLength(3);

    // The next run (here the alerts job on its own) delivers it once; the one after sends nothing.
    refuse = false;
    expect(await runner.run('alerts', 'manual')).toMatchObject({ status: 'ok', rows: 0 });
    expect(mailsTo(DIRECTOR_MAIL)).toHaveLength(4);
    expect(mailsTo(DIRECTOR_MAIL)[3]!.mail.subject).toMatch(/da fuori linea a in linea$/);
    await runner.run('alerts', 'manual');
    expect(mailsTo(DIRECTOR_MAIL)).toHaveLength(4);
    const statuses = await t.wh.rows<{ status: string }>(`select status from ops.alert_deliveries order by delivery_id`);
    expect(statuses.map((s) => s.status)).toEqual(['sent', 'sent', 'sent', 'failed', 'sent']);
  }, 180_000);

  it('without SMTP, an alert is saved to the outbox folder in its rule’s language, without the address', async () => {
    const rule = await addAlertRule(t.wh, { username: 'altro-direttore', kind: 'target_status', params: { project: BARI }, email: MUTED_MAIL, lang: 'en', at: new Date() });
    const folderRunner = new JobRunner({ ...runner.options, reports: { pages: () => null, smtp: null } });
    await load('indicator_reports.csv', report(30));
    const run = await folderRunner.run('marts', 'manual');
    expect(alertsRun(run)).toMatchObject({ status: 'ok' });
    const event = await t.wh.one<{ event_id: number; delivery: string }>(`select event_id, delivery from ops.alert_events where rule_id = $1`, [rule.ruleId]);
    expect(event?.delivery).toBe('folder');
    const dir = join(outboxDir(t.dir), `alert-${event!.event_id}`);
    expect(existsSync(dir)).toBe(true);
    expect(readdirSync(dir)).toEqual(['message.txt']);
    const text = readFileSync(join(dir, 'message.txt'), 'utf8');
    // The rule was made on a target it sees off track: news at first sight.
    expect(text.split('\n')[0]).toBe(`Osservatorio — Indicator EECO01 (target, project ${BARI}): off track`);
    expect(text).not.toContain(MUTED_MAIL);
    // The director's rule (the Bari director) was saved to the folder too: no SMTP in this process.
    expect(mailsTo(DIRECTOR_MAIL)).toHaveLength(4);
  }, 180_000);
});
