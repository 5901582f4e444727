// `osservatorio alerts` end to end: the real CLI in a child process on a temp
// data directory, no server and no SMTP server. A feed that never arrived is
// overdue at first sight: `evaluate` records one alert, saves it to the
// outbox folder (without the address) and records the run in the job
// history; evaluating again sends nothing; mute and unmute change the rule;
// remove deletes it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/warehouse.ts';

const CLI = join(import.meta.dirname, '..', '..', 'cli', 'osservatorio.js');
const dir = tempDir();
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OSSERVATORIO_SMTP_') && k !== 'OSSERVATORIO_DATA_DIR'));
const run = (args: string[], input?: string) => {
  const r = spawnSync(process.execPath, [CLI, ...args, '--data-dir', dir], { input, encoding: 'utf8', env: { ...env, OSSERVATORIO_LOG_LEVEL: 'silent' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const ADDRESS = 'direzione@example.org';

describe('osservatorio alerts', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds, lists, evaluates, mutes and unmutes rules on the file', () => {
    expect(run(['users', 'add', 'direttore', '--role', 'director', '--password-stdin'], 'una password abbastanza lunga\n').code).toBe(0);

    const add = run(['alerts', 'add', '--user', 'direttore', '--kind', 'feed_overdue', '--feed', 'indicator_reports', '--max-age-days', '30', '--email', ADDRESS]);
    expect(add.code).toBe(0);
    expect(add.out).toContain('added alert rule 1: ');
    expect(add.out).toContain(`no SMTP server configured (OSSERVATORIO_SMTP_HOST), so alerts are saved to ${join(dir, 'reports-outbox')}/`);

    // Refused with the option or value to fix.
    const wrongOption = run(['alerts', 'add', '--user', 'direttore', '--kind', 'target_status', '--threshold', '0.5']);
    expect(wrongOption.code).toBe(1);
    expect(wrongOption.err).toMatch(/target_status: parameters: .*threshold/);

    const first = run(['alerts', 'evaluate']);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^alerts: ok \(run \d+, 1 new alert\(s\)\)$/m);
    const outbox = join(dir, 'reports-outbox');
    expect(readdirSync(outbox)).toEqual(['alert-1']);
    const message = readFileSync(join(outbox, 'alert-1', 'message.txt'), 'utf8');
    expect(message.split('\n')[0]).toBe('Osservatorio — Flusso dati «indicator_reports»: in ritardo');
    expect(message).toContain('Ultimo file caricato: mai; atteso almeno ogni 30 giorni.');
    expect(message).not.toContain(ADDRESS);

    // Nothing changed: nothing new, nothing sent again.
    expect(run(['alerts', 'evaluate']).out).toMatch(/^alerts: ok \(run \d+, 0 new alert\(s\)\)$/m);
    expect(readdirSync(outbox)).toEqual(['alert-1']);
    const history = JSON.parse(run(['jobs', 'history', '--job', 'alerts', '--json']).out) as { job: string; status: string; trigger: string; rows: number }[];
    expect(history.map((h) => [h.job, h.status, h.trigger, h.rows])).toEqual([
      ['alerts', 'ok', 'manual', 0],
      ['alerts', 'ok', 'manual', 1],
    ]);

    expect(run(['alerts', 'mute', '1']).code).toBe(0);
    const listed = JSON.parse(run(['alerts', 'list', '--json']).out) as { ruleId: number; muted: boolean; email: string; params: unknown }[];
    expect(listed.map((r) => [r.ruleId, r.muted, r.email, r.params])).toEqual([[1, true, ADDRESS, { feed: 'indicator_reports', maxAgeDays: 30 }]]);
    expect(run(['alerts', 'unmute', '1']).code).toBe(0);
    expect((JSON.parse(run(['alerts', 'list', '--json']).out) as { muted: boolean }[])[0]!.muted).toBe(false);
    expect(existsSync(join(outbox, 'alert-2'))).toBe(false);

    // Removed for good: gone from the list; a second removal names the missing rule.
    const removed = run(['alerts', 'remove', '1']);
    expect(removed.code).toBe(0);
    expect(removed.out).toContain('removed rule 1');
    expect(JSON.parse(run(['alerts', 'list', '--json']).out)).toEqual([]);
    const again = run(['alerts', 'remove', '1']);
    expect(again.code).toBe(1);
    expect(again.err).toContain("There is no alert rule 1; see 'osservatorio alerts list'.");
  }, 900_000); // each CLI run starts a process: about 20 s each on a busy 2-core machine
});
