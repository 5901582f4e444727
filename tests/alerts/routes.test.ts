// The mute and unmute forms of /alerts over real HTTP: the route guard (an
// analyst keeps no rules, an anonymous visitor must sign in), the Origin
// check, and ownership (a user mutes only their own rules, an admin anyone's;
// someone else's rule answers like a missing one). Each change is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAlertRule, getAlertRule, type AlertRule } from '../../warehouse/alerts/rules.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { login, startServer, type TestServer } from '../security/server.ts';

describe('mute and unmute from the alerts page', () => {
  let t: TempWarehouse;
  let s: TestServer;
  let directorRule: AlertRule;
  let funderRule: AlertRule;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    t = await tempWarehouse({ reference: false });
    s = await startServer(t, { demo: true });
    for (const user of ['demo-director', 'demo-funder', 'demo-analyst', 'demo-admin']) cookies[user] = await login(s.url, user, `${user}-password`);
    const at = new Date();
    directorRule = await addAlertRule(t.wh, { username: 'demo-director', kind: 'target_status', params: {}, at });
    funderRule = await addAlertRule(t.wh, { username: 'demo-funder', kind: 'spend_pace', params: { threshold: 0.7 }, at });
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await t?.cleanup();
  });

  const post = (path: string, user: string | null, origin = s.url) =>
    fetch(`${s.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin, ...(user ? { cookie: cookies[user]! } : {}) },
      body: 'lang=en',
    });
  const muted = async (rule: AlertRule) => (await getAlertRule(t.wh, rule.ruleId))!.muted;

  it('lets the owner mute and unmute their rule, and comes back to the page', async () => {
    const res = await post(`/alerts/rules/${directorRule.ruleId}/mute`, 'demo-director');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/alerts?lang=en#rule-${directorRule.ruleId}`);
    expect(await muted(directorRule)).toBe(true);
    expect((await post(`/alerts/rules/${directorRule.ruleId}/unmute`, 'demo-director')).status).toBe(303);
    expect(await muted(directorRule)).toBe(false);
  });

  it("refuses someone else's rule, other roles, other sites and anonymous visitors", async () => {
    const other = await post(`/alerts/rules/${directorRule.ruleId}/mute`, 'demo-funder');
    expect(other.status).toBe(404);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('UNKNOWN_ALERT_RULE');
    expect((await post(`/alerts/rules/${directorRule.ruleId}/mute`, 'demo-analyst')).status).toBe(403);
    expect((await post(`/alerts/rules/${directorRule.ruleId}/mute`, 'demo-director', 'http://evil.example')).status).toBe(403);
    expect((await post(`/alerts/rules/${directorRule.ruleId}/mute`, null)).status).toBe(401);
    expect((await post('/alerts/rules/abc/mute', 'demo-director')).status).toBe(400);
    expect(await muted(directorRule)).toBe(false);
    // The funder's own rule is theirs to mute.
    expect((await post(`/alerts/rules/${funderRule.ruleId}/mute`, 'demo-funder')).status).toBe(303);
    expect(await muted(funderRule)).toBe(true);
  });

  it("lets an admin mute anyone's rule, and audits every attempt", async () => {
    expect((await post(`/alerts/rules/${funderRule.ruleId}/unmute`, 'demo-admin')).status).toBe(303);
    expect(await muted(funderRule)).toBe(false);
    const audit = await t.wh.rows<{ actor: string; action: string; target: string; outcome: string }>(
      `select actor, action, target, outcome from ops.audit where action like 'alert.%' order by at_time, action`,
    );
    expect(audit.map((a) => [a.actor, a.action, a.target, a.outcome])).toEqual([
      ['demo-director', 'alert.mute', String(directorRule.ruleId), 'ok'],
      ['demo-director', 'alert.unmute', String(directorRule.ruleId), 'ok'],
      ['demo-funder', 'alert.mute', String(directorRule.ruleId), 'denied'],
      ['demo-funder', 'alert.mute', String(funderRule.ruleId), 'ok'],
      ['demo-admin', 'alert.unmute', String(funderRule.ruleId), 'ok'],
    ]);
  });
});
