// Alerts: rules evaluated on a real warehouse after real loads and mart
// refreshes. Each fires once per change, a muted rule stays quiet, a funder's
// rule sees only the funder's project, and the figures in the message are the
// ones computed by hand from the fixture below.
//
// Fixture (contract files, synthetic): project A (F31D23000140007) runs
// 2024-01-01 → 2026-01-01 (731 days); its target EECO01 goes from 0 to 100 by
// 2025-01-01. Data as of 2024-07-01: elapsed = 182 / 366 days, so expected =
// 100 × 182/366 = 49.73. Reported 48 → 48 / 49.73 = 0.965 ≥ 0.95: on track.
// A corrected report of 30 → 0.603 < 0.80: off track; 45 → 0.905: at risk.
// Project B (J91D23000310007), same dates, reports 10 → 0.201: off track from
// the start. Spend of A: paid 200,000 of 1,000,000 admitted at 2024-07-01;
// elapsed share 182/731 = 0.249 → pace 0.2 / 0.249 = 0.803, below 0.9.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../ingest/loadFile.ts';
import { addUser } from '../../warehouse/accounts/users.ts';
import { evaluateAlerts, listAlertEvents } from '../../warehouse/alerts/evaluate.ts';
import { alertMessage } from '../../warehouse/alerts/messages.ts';
import { addAlertRule, AlertRuleError, setAlertMuted } from '../../warehouse/alerts/rules.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

const A = 'F31D23000140007';
const B = 'J91D23000310007';
const AS_OF = '2024-07-01';

const FILES: Record<string, string> = {
  'programmes.csv': `programme_code,name,fund,managing_authority,period_start,period_end
2021IT16FFPR003,PN Metro Plus e città medie Sud 2021-2027,FSE+,Agenzia per la coesione territoriale,2021-01-01,2029-12-31
`,
  'projects.csv': `cup,programme_code,title,beneficiary,local_code,city,priority,action,fund,start_date,end_date,programme_resources,other_resources
${A},2021IT16FFPR003,Progetto A,Comune di Bologna,BO.A,Bologna,4,4.4.8.1,FSE+,2024-01-01,2026-01-01,1000000.00,0.00
${B},2021IT16FFPR003,Progetto B,Comune di Bari,BA.B,Bari,4,4.4.8.1,FSE+,2024-01-01,2026-01-01,1000000.00,0.00
`,
  'targets.csv': `target_id,scope,scope_id,indicator_code,due_date,target_value,unit,kind,baseline
${A}-EECO01-T,project,${A},EECO01,2025-01-01,100,persons,target,0
${B}-EECO01-T,project,${B},EECO01,2025-01-01,100,persons,target,0
`,
  'project_financials.csv': `cup,as_of,programmed,admitted,legally_committed,paid,certified
${A},${AS_OF},1000000.00,1000000.00,500000.00,200000.00,0.00
`,
};

const reports = (a: number) => `cup,indicator_code,as_of,value
${A},EECO01,${AS_OF},${a}
${B},EECO01,${AS_OF},10
`;

describe('alerts', () => {
  let t: TempWarehouse;
  let n = 0;
  const load = async (name: string, content: string) => {
    const path = join(t.dir, `${String(++n).padStart(2, '0')}-${name}`);
    writeFileSync(path, content);
    return loadFile(t.wh, path, { source: 'test', feed: name.replace(/\.csv$/, ''), today: '2024-07-15' });
  };
  const refresh = () => refreshMarts(t.wh, { asOf: AS_OF });
  const at = (iso: string) => ({ now: new Date(iso) });

  beforeAll(async () => {
    t = await tempWarehouse();
    for (const [name, content] of Object.entries(FILES)) expect((await load(name, content)).status).toBe('loaded');
    expect((await load('indicator_reports.csv', reports(48))).status).toBe('loaded');
    await refresh();
    await addUser(t.wh, { username: 'direttore', role: 'director', password: 'una-password-lunga' });
    await addUser(t.wh, { username: 'finanziatore', role: 'funder', scope: { programmes: [], projects: [A] }, password: 'una-password-lunga' });
    await addUser(t.wh, { username: 'amministratore', role: 'admin', password: 'una-password-lunga' });
  }, 120_000);
  afterAll(() => t?.cleanup());

  it('refuses a rule it could not evaluate, naming the parameter', async () => {
    const now = new Date('2024-07-15T08:00:00Z');
    await expect(addAlertRule(t.wh, { username: 'direttore', kind: 'spend_pace', params: { threshold: -1 }, at: now })).rejects.toThrow(/spend_pace: threshold/);
    await expect(addAlertRule(t.wh, { username: 'direttore', kind: 'target_status', params: { project: 'abc' }, at: now })).rejects.toThrow(AlertRuleError);
    await expect(addAlertRule(t.wh, { username: 'nessuno', kind: 'target_status', params: {}, at: now })).rejects.toThrow(/No active user "nessuno"/);
  });

  it('fires once per change of a target status, and only what the owner may see', async () => {
    const now = new Date('2024-07-15T08:00:00Z');
    const director = await addAlertRule(t.wh, { username: 'direttore', kind: 'target_status', params: {}, at: now });
    const funder = await addAlertRule(t.wh, { username: 'finanziatore', kind: 'target_status', params: {}, at: now });

    // First look: A on track (not news), B off track (news) — for the director only.
    const first = await evaluateAlerts(t.wh, at('2024-07-15T09:00:00Z'));
    expect(first.failed).toEqual([]);
    expect(first.events.map((e) => [e.username, e.detail.project, e.previousState, e.state])).toEqual([['direttore', B, null, 'off_track']]);
    expect(alertMessage(first.events[0]!, 'it').body).toBe(
      `Indicatore EECO01 (obiettivo, progetto ${B}): fuori linea.\nValore attuale 10,00, atteso alla data 49,73, obiettivo 100,00 entro il 01/01/2025. Dati al 01/07/2024.`,
    );

    // A corrected late report turns A off track: one event each, for the director and the funder.
    expect((await load('indicator_reports.csv', reports(30))).status).toBe('loaded');
    await refresh();
    const second = await evaluateAlerts(t.wh, at('2024-07-16T09:00:00Z'));
    expect(second.events.map((e) => [e.ruleId, e.detail.project, e.previousState, e.state]).sort()).toEqual(
      [
        [director.ruleId, A, 'on_track', 'off_track'],
        [funder.ruleId, A, 'on_track', 'off_track'],
      ].sort(),
    );
    expect(alertMessage(second.events[0]!, 'en').subject).toBe(`Indicator EECO01 (target, project ${A}): from on track to off track`);

    // Nothing changed: nothing fires.
    expect((await evaluateAlerts(t.wh, at('2024-07-17T09:00:00Z'))).events).toEqual([]);

    // Muted, the funder's rule follows the change to at risk without firing; unmuted, it does not replay it.
    expect(await setAlertMuted(t.wh, funder.ruleId, true, { username: 'finanziatore' })).toBe(true);
    expect((await load('indicator_reports.csv', reports(45))).status).toBe('loaded');
    await refresh();
    const muted = await evaluateAlerts(t.wh, at('2024-07-18T09:00:00Z'));
    expect(muted.events.map((e) => [e.username, e.previousState, e.state])).toEqual([['direttore', 'off_track', 'at_risk']]);
    await setAlertMuted(t.wh, funder.ruleId, false);
    expect((await evaluateAlerts(t.wh, at('2024-07-19T09:00:00Z'))).events).toEqual([]);

    // The funder never heard of project B.
    const funderEvents = await listAlertEvents(t.wh, { username: 'finanziatore' });
    expect(funderEvents.map((e) => e.detail.project)).toEqual([A]);
    expect(JSON.stringify(funderEvents)).not.toContain(B);
  });

  it('spend pace below the threshold fires on first sight, with the pace computed by hand', async () => {
    const rule = await addAlertRule(t.wh, { username: 'finanziatore', kind: 'spend_pace', params: { threshold: 0.9 }, at: new Date('2024-07-15T08:00:00Z') });
    const out = await evaluateAlerts(t.wh, at('2024-07-20T09:00:00Z'));
    const mine = out.events.filter((e) => e.ruleId === rule.ruleId);
    expect(mine.map((e) => [e.subject, e.state])).toEqual([[A, 'below']]);
    expect(Number(mine[0]!.detail.pace)).toBeCloseTo(0.2 / (182 / 731), 6);
    expect(alertMessage(mine[0]!, 'it').body).toContain('Ritmo (quota pagata / quota di tempo trascorsa) 80%, soglia 90%.');
  });

  it('a refused load fires once; a feed not received in time fires once; a funder cannot follow loads', async () => {
    const created = new Date(Date.now() - 1000);
    const refused = await addAlertRule(t.wh, { username: 'amministratore', kind: 'load_refused', params: {}, at: created });
    const overdue = await addAlertRule(t.wh, { username: 'amministratore', kind: 'feed_overdue', params: { feed: 'indicator_reports', maxAgeDays: 30 }, at: created });
    // A funder may not follow loads: the rule sees nothing.
    const funderLoads = await addAlertRule(t.wh, { username: 'finanziatore', kind: 'load_refused', params: {}, at: created });

    const bad = await load('targets.csv', `target_id,scope,scope_id,indicator_code,due_date,target_value,unit,kind,baseline\n${A}-X,project,${A},EECO01,2025-12-31,cento,persons,target,0\n`);
    expect(bad.status).toBe('refused');
    const soon = new Date(Date.now() + 86_400_000);
    const first = await evaluateAlerts(t.wh, { now: soon });
    expect(first.events.filter((e) => e.ruleId === refused.ruleId).map((e) => e.state)).toEqual(['refused']);
    expect(first.events.filter((e) => e.ruleId === overdue.ruleId)).toEqual([]); // loaded today: fine, and not news
    expect(first.events.filter((e) => e.ruleId === funderLoads.ruleId)).toEqual([]);
    const late = new Date(Date.now() + 40 * 86_400_000);
    const second = await evaluateAlerts(t.wh, { now: late });
    expect(second.events.filter((e) => e.ruleId === refused.ruleId)).toEqual([]);
    expect(second.events.filter((e) => e.ruleId === overdue.ruleId).map((e) => [e.previousState, e.state])).toEqual([['ok', 'overdue']]);
    expect((await evaluateAlerts(t.wh, { now: late })).events).toEqual([]);
  });
});
