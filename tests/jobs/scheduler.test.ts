// Run discipline on a real warehouse with real node-cron schedules (seconds):
// overlap skip, retry with backoff, catch-up after downtime, interrupted runs,
// the durable lock, and configuration validation.
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, resolveJobsConfig } from '../../jobs/config.ts';
import type { JobDefinition } from '../../jobs/definitions.ts';
import { silentLogger } from '../../runtime/log.ts';
import { Scheduler } from '../../jobs/scheduler.ts';
import type { JobRun } from '../../jobs/history.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { runnerFor, testClock } from './helpers.ts';

let t: TempWarehouse | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

const runs = (wh: TempWarehouse['wh'], job: string) =>
  wh.rows<JobRun>(`select * from ops.job_runs where job = $1 order by run_id`, [job]);

function slowJob(ms: number, calls: { n: number }): JobDefinition {
  return {
    name: 'marts',
    description: 'slow test job',
    async run() {
      calls.n++;
      await new Promise((r) => setTimeout(r, ms));
      return { status: 'ok', rows: 1 };
    },
  };
}

const onlyMarts = (schedule: string, extra: Record<string, unknown> = {}) => ({
  jobs: {
    inbox: { enabled: false },
    'open-data': { enabled: false },
    backup: { enabled: false },
    marts: { schedule, retries: 0, ...extra },
  },
});

describe('scheduler', () => {
  it('skips and records a tick that finds the job still running', async () => {
    t = await tempWarehouse({ reference: false });
    const calls = { n: 0 };
    const { runner, config, clock } = runnerFor(t.wh, t.dir, {
      config: onlyMarts('* * * * * *'),
      jobs: { marts: slowJob(2500, calls) },
    });
    const scheduler = new Scheduler({ runner, config, clock, logger: silentLogger });
    await scheduler.start();
    await new Promise((r) => setTimeout(r, 3600));
    await scheduler.stop();
    const all = await runs(t.wh, 'marts');
    const ok = all.filter((r) => r.status === 'ok');
    const skipped = all.filter((r) => r.status === 'skipped');
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(calls.n).toBe(ok.length);
    expect(skipped.length).toBeGreaterThanOrEqual(1);
    expect(skipped[0].error).toMatch(/still running/);
    expect(skipped.every((r) => r.trigger === 'schedule')).toBe(true);
    // No run left running and the lock released after stop().
    expect(all.some((r) => r.status === 'running')).toBe(false);
    expect(await t.wh.scalar(`select count(*) from ops.job_locks`)).toBe(0);
  });

  it('retries a failing job with exponential backoff and records every attempt', async () => {
    t = await tempWarehouse({ reference: false });
    let n = 0;
    const flaky: JobDefinition = {
      name: 'marts',
      description: 'fails twice',
      async run() {
        n++;
        if (n <= 2)
          throw Object.assign(new Error(`transient failure ${n}`), { code: 'TEST_TRANSIENT' });
        return { status: 'ok', rows: 7 };
      },
    };
    const clock = testClock();
    const { runner } = runnerFor(t.wh, t.dir, {
      config: onlyMarts('0 0 * * *', { retries: 3, backoffSeconds: 2 }),
      jobs: { marts: flaky },
      clock,
    });
    const report = await runner.run('marts', 'manual');
    expect(report).toMatchObject({ status: 'ok', attempts: 3, rows: 7 });
    expect(clock.sleeps).toEqual([2000, 4000]);
    const all = await runs(t.wh, 'marts');
    expect(all.map((r) => [r.attempt, r.status])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'ok'],
    ]);
    expect(all[0].error).toContain('TEST_TRANSIENT: transient failure 1');
    expect(all[2].rows).toBe(7);
  });

  it('gives up after the configured attempts and reports failed', async () => {
    t = await tempWarehouse({ reference: false });
    const broken: JobDefinition = {
      name: 'marts',
      description: 'always fails',
      run: () => Promise.reject(new Error('disk full')),
    };
    const { runner } = runnerFor(t.wh, t.dir, {
      config: onlyMarts('0 0 * * *', { retries: 1, backoffSeconds: 0 }),
      jobs: { marts: broken },
    });
    const report = await runner.run('marts', 'manual');
    expect(report).toMatchObject({ status: 'failed', attempts: 2, error: 'disk full' });
    expect((await runs(t.wh, 'marts')).map((r) => r.status)).toEqual(['failed', 'failed']);
  });

  it('catches up once a run missed while the process was down, and not a job that ran since', async () => {
    t = await tempWarehouse({ reference: false });
    const now = new Date('2026-03-10T09:00:00Z');
    // marts ran two days ago: its nightly 02:30 passed twice since → one catch-up.
    await t.wh.run(
      `insert into ops.job_runs values (nextval('ops.job_run_id_seq'), 'marts', 'schedule', TIMESTAMP '2026-03-08 01:30:00', TIMESTAMP '2026-03-08 01:31:00', 'ok', 0, null, 1, null)`,
    );
    // backup ran after its last scheduled time (03:30 Rome = 02:30 UTC today) → nothing to catch up.
    await t.wh.run(
      `insert into ops.job_runs values (nextval('ops.job_run_id_seq'), 'backup', 'schedule', TIMESTAMP '2026-03-10 02:30:00', TIMESTAMP '2026-03-10 02:31:00', 'ok', 0, null, 1, null)`,
    );
    const calls = { n: 0 };
    const backupCalls = { n: 0 };
    const clock = testClock(now);
    const { runner, config } = runnerFor(t.wh, t.dir, {
      config: { jobs: { inbox: { enabled: false }, 'open-data': { enabled: false } } },
      jobs: { marts: slowJob(10, calls), backup: { ...slowJob(10, backupCalls), name: 'backup' } },
      clock,
    });
    const scheduler = new Scheduler({ runner, config, clock, logger: silentLogger });
    const started = await scheduler.start();
    const reports = await started.catchUp;
    await scheduler.stop();
    expect(reports.map((r) => [r.job, r.trigger, r.status])).toEqual([['marts', 'catch_up', 'ok']]);
    expect(calls.n).toBe(1);
    expect(backupCalls.n).toBe(0);
    expect(scheduler.nextRuns().marts).toBe('2026-03-11T01:30:00.000Z');
  });

  it('turns a run left running by a killed process into interrupted and redoes its work', async () => {
    t = await tempWarehouse({ reference: false });
    await t.wh.run(
      `insert into ops.job_runs values (41, 'marts', 'schedule', now()::TIMESTAMP, null, 'running', 0, null, 1, null)`,
    );
    await t.wh.run(`insert into ops.job_locks values ('marts', 41, now()::TIMESTAMP, 999999)`);
    const calls = { n: 0 };
    const { runner, config, clock } = runnerFor(t.wh, t.dir, {
      config: onlyMarts('0 0 1 1 *'),
      jobs: { marts: slowJob(10, calls) },
    });
    // While the stale lock is there, a manual run is refused as "still running".
    const blocked = await runner.run('marts', 'manual');
    expect(blocked).toMatchObject({ status: 'skipped' });
    expect(blocked.error).toMatch(/still running \(run 41\)/);
    const scheduler = new Scheduler({ runner, config, clock, logger: silentLogger });
    const started = await scheduler.start();
    expect(started.interrupted).toEqual(['marts']);
    const redo = await started.catchUp;
    await scheduler.stop();
    expect(redo.map((r) => [r.job, r.trigger, r.status])).toEqual([['marts', 'catch_up', 'ok']]);
    const old = await t.wh.one<JobRun>(`select * from ops.job_runs where run_id = 41`);
    expect(old?.status).toBe('interrupted');
    expect(old?.finished_at).not.toBeNull();
    expect(calls.n).toBe(1);
  });

  it('records a disabled job triggered by the schedule as skipped, and validates the config file', async () => {
    t = await tempWarehouse({ reference: false });
    const { runner } = runnerFor(t.wh, t.dir, { config: { jobs: { backup: { enabled: false } } } });
    const r = await runner.run('backup', 'schedule');
    expect(r).toMatchObject({ status: 'skipped', error: 'disabled in the configuration' });
    expect(() =>
      resolveJobsConfig({ jobs: { inbox: { schedule: 'every minute' } } }, 'x.json'),
    ).toThrow(ConfigError);
    expect(() =>
      resolveJobsConfig({ jobs: { inbox: { schedule: 'every minute' } } }, 'x.json'),
    ).toThrow(/jobs\.inbox\.schedule/);
    expect(() => resolveJobsConfig({ timezone: 'UTC' })).toThrow(/timezone/);
    expect(() => resolveJobsConfig({ jobs: { nightly: {} } })).toThrow(ConfigError);
    expect(
      resolveJobsConfig({ jobs: { backup: { keep: 3, schedule: '0 1 * * *' } } }),
    ).toMatchObject({
      backup: { keep: 3 },
      jobs: { backup: { schedule: '0 1 * * *', enabled: true } },
    });
  });
});
