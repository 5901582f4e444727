// `osservatorio alerts list | add | mute | unmute | remove | evaluate`: alert rules for
// a user, evaluated under that user's own scope after each marts refresh (the
// alerts job), each change delivered once by e-mail (SMTP) or to
// <data-dir>/reports-outbox/ without SMTP. Works through the server when one
// holds the data directory, else on the file.
import type { Command } from 'commander';
import { dataPaths, print, withDataOptions, withWarehouse, type GlobalOptions } from '../context.ts';
import { CliError, EXIT, UsageError } from '../errors.ts';
import { serverRequest } from '../serverRequest.ts';
import { asUsageErrors } from '../usageErrors.ts';
import { deliveryLine } from '../deliveryLine.ts';
import { readServerInfo } from '../../server/serverInfo.ts';
import { recordAudit } from '../../warehouse/access/audit.ts';
import { smtpFromEnv, MailConfigError } from '../../reports/mail.ts';
import {
  ALERT_KINDS,
  addAlertRule,
  AlertRuleError,
  isAlertKind,
  listAlertRules,
  removeAlertRule,
  setAlertMuted,
  type AlertRule,
} from '../../warehouse/alerts/rules.ts';
import { alertRuleText } from '../../warehouse/alerts/messages.ts';
import { ConfigError, loadJobsConfig } from '../../jobs/config.ts';
import { JobRunner, type RunReport } from '../../jobs/runner.ts';
import { createLogger } from '../../runtime/log.ts';
import { systemClock } from '../../runtime/clock.ts';

const CLI_ACTOR = 'cli';

interface AddOpts extends GlobalOptions {
  user: string;
  kind: string;
  programme?: string;
  project?: string;
  threshold?: string;
  feed?: string;
  maxAgeDays?: string;
  email?: string;
  lang: string;
}

const USAGE_ERRORS = [AlertRuleError, MailConfigError, ConfigError];
const guard = <T>(fn: () => Promise<T>): Promise<T> => asUsageErrors(USAGE_ERRORS, fn);
const ALERTS_SMTP_NOTE = 'rules without an address: the outbox folder';

function numberOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new UsageError(`${name} is a number, not '${raw}'.`);
  return n;
}

/** The rule's parameters from the options given (the rule's own schema refuses those its kind does not take). */
function paramsOf(opts: AddOpts): Record<string, string | number> {
  const params: Record<string, string | number | undefined> = {
    programme: opts.programme,
    project: opts.project,
    threshold: numberOption('--threshold', opts.threshold),
    feed: opts.feed,
    maxAgeDays: numberOption('--max-age-days', opts.maxAgeDays),
  };
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<string, string | number>;
}

function line(r: AlertRule): string {
  const text = alertRuleText(r, 'en');
  return [
    String(r.ruleId).padEnd(5),
    r.username.padEnd(20),
    r.kind.padEnd(14),
    `${text.what}; ${text.threshold}`.padEnd(70),
    (r.email ? `e-mail (${r.lang})` : `(folder only, ${r.lang})`).padEnd(18),
    r.muted ? 'MUTED' : 'active',
  ].join(' ');
}

function ruleNumber(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new UsageError(`'${raw}' is not a rule number; see 'osservatorio alerts list'.`);
  return id;
}

async function setMuted(raw: string, opts: GlobalOptions, muted: boolean): Promise<void> {
  const id = ruleNumber(raw);
  const action = muted ? 'mute' : 'unmute';
  const info = readServerInfo(dataPaths(opts));
  if (info) await serverRequest(info, 'POST', `/api/alerts/${id}/${action}`, {});
  else
    await withWarehouse(opts, 'write', async (wh) => {
      if (!(await setAlertMuted(wh, id, muted))) throw new UsageError(`There is no alert rule ${id}; see 'osservatorio alerts list'.`);
      await recordAudit(wh, { actor: CLI_ACTOR, role: 'admin', action: `alert.${action}`, target: String(id), outcome: 'ok' });
    });
  print(muted ? `muted rule ${id}: it keeps following its subjects and sends nothing until unmuted` : `unmuted rule ${id}: it alerts again at the next change`);
}

async function remove(raw: string, opts: GlobalOptions): Promise<void> {
  const id = ruleNumber(raw);
  const info = readServerInfo(dataPaths(opts));
  if (info) await serverRequest(info, 'DELETE', `/api/alerts/${id}`);
  else
    await withWarehouse(opts, 'write', async (wh) => {
      if (!(await removeAlertRule(wh, id))) throw new UsageError(`There is no alert rule ${id}; see 'osservatorio alerts list'.`);
      await recordAudit(wh, { actor: CLI_ACTOR, role: 'admin', action: 'alert.remove', target: String(id), outcome: 'ok' });
    });
  print(`removed rule ${id}: it follows nothing any more (the alerts it sent stay in the history)`);
}

export function register(program: Command): void {
  const alerts = program.command('alerts').description('alert rules for users: list, add, mute, unmute, remove, evaluate');

  withDataOptions(
    alerts
      .command('add')
      .description("add an alert rule for a user; it is evaluated under that user's own scope")
      .requiredOption('--user <username>', 'the owner (who receives the alerts, and whose scope the rule sees)')
      .requiredOption('--kind <kind>', ALERT_KINDS.join(' | '))
      .option('--programme <code>', 'target_status, spend_pace: only this programme')
      .option('--project <cup>', 'target_status, spend_pace: only this project')
      .option('--threshold <pace>', 'spend_pace: alert below this pace (paid share / elapsed share), default 0.8')
      .option('--feed <feed>', 'feed_overdue (required), load_refused (optional): the data feed')
      .option('--max-age-days <days>', 'feed_overdue: alert when no file was loaded for more than this many days')
      .option('--email <address>', 'where to send the alerts (without: the outbox folder only)')
      .option('--lang <it|en>', 'language of the e-mails', 'it'),
  ).action(async (opts: AddOpts) => {
    await guard(async () => {
      if (opts.lang !== 'it' && opts.lang !== 'en') throw new UsageError(`--lang is it or en, not '${opts.lang}'`);
      if (!isAlertKind(opts.kind)) throw new UsageError(`--kind is one of ${ALERT_KINDS.join(', ')}, not '${opts.kind}'`);
      const kind = opts.kind;
      const params = paramsOf(opts);
      const paths = dataPaths(opts);
      const info = readServerInfo(paths);
      let rule: AlertRule;
      let delivery: 'smtp' | 'folder';
      if (info) {
        const out = await serverRequest<{ rule: AlertRule; delivery: 'smtp' | 'folder' }>(info, 'POST', '/api/alerts', {
          user: opts.user,
          kind,
          params,
          email: opts.email ?? null,
          lang: opts.lang,
        });
        [rule, delivery] = [out.rule, out.delivery];
      } else {
        rule = await withWarehouse(opts, 'write', async (wh) => {
          const r = await addAlertRule(wh, { username: opts.user, kind, params, email: opts.email ?? null, lang: opts.lang as 'it' | 'en', at: new Date() });
          await recordAudit(wh, { actor: CLI_ACTOR, role: 'admin', action: 'alert.add', target: r.username, outcome: 'ok', detail: `${r.kind} ${JSON.stringify(r.params)}` });
          return r;
        });
        delivery = smtpFromEnv() ? 'smtp' : 'folder';
      }
      print(`added alert rule ${rule.ruleId}: ${line(rule)}`);
      print(deliveryLine(delivery, paths.dataDir, 'alerts', ALERTS_SMTP_NOTE));
      print('it is evaluated after each marts refresh (the alerts job), or now with `osservatorio alerts evaluate`');
    });
  });

  withDataOptions(alerts.command('list').description('alert rules, muted or not').option('--user <username>', 'only this user’s').option('--json', 'print JSON')).action(
    async (opts: GlobalOptions & { user?: string; json?: boolean }) => {
      await guard(async () => {
        const paths = dataPaths(opts);
        const info = readServerInfo(paths);
        const { rules, delivery } = info
          ? await serverRequest<{ rules: AlertRule[]; delivery: 'smtp' | 'folder' }>(info, 'GET', `/api/alerts${opts.user ? `?user=${encodeURIComponent(opts.user)}` : ''}`)
          : { rules: await withWarehouse(opts, 'read', (wh) => listAlertRules(wh, { username: opts.user })), delivery: (smtpFromEnv() ? 'smtp' : 'folder') as 'smtp' | 'folder' };
        if (opts.json) return print(JSON.stringify(rules, null, 2));
        if (!rules.length) return print("no alert rules; add one with 'osservatorio alerts add --user NAME --kind target_status --email ADDRESS'");
        for (const r of rules) print(line(r));
        print(deliveryLine(delivery, paths.dataDir, 'alerts', ALERTS_SMTP_NOTE));
      });
    },
  );

  withDataOptions(alerts.command('mute <id>').description('mute a rule: it keeps following its subjects and sends nothing')).action((raw: string, opts: GlobalOptions) =>
    guard(() => setMuted(raw, opts, true)),
  );
  withDataOptions(alerts.command('unmute <id>').description('unmute a rule: it alerts again at the next change (old news is not replayed)')).action(
    (raw: string, opts: GlobalOptions) => guard(() => setMuted(raw, opts, false)),
  );

  withDataOptions(alerts.command('remove <id>').description('remove a rule for good (to pause it, mute it instead)')).action((raw: string, opts: GlobalOptions) =>
    guard(() => remove(raw, opts)),
  );

  withDataOptions(
    alerts
      .command('evaluate')
      .description('evaluate every rule now and deliver the new alerts (the alerts job, recorded in the job history)')
      .option('--config <file>', 'jobs configuration')
      .option('--json', 'print JSON'),
  ).action(async (opts: GlobalOptions & { config?: string; json?: boolean }) => {
    await guard(async () => {
      const paths = dataPaths(opts);
      const info = readServerInfo(paths);
      let report: RunReport;
      if (info) report = (await serverRequest<{ run: RunReport }>(info, 'POST', '/api/jobs/alerts/run', {})).run;
      else {
        const loaded = loadJobsConfig(opts.config ?? paths.config, { required: Boolean(opts.config) });
        // Run once from the command line: a failure is reported now, not retried after a wait.
        const config = { ...loaded, jobs: { ...loaded.jobs, alerts: { ...loaded.jobs.alerts, enabled: true, retries: 0 } } };
        const smtp = smtpFromEnv();
        report = await withWarehouse(opts, 'write', (wh, p) =>
          new JobRunner({ wh, paths: p, config, clock: systemClock, logger: createLogger(), reports: { pages: () => null, smtp } }).run('alerts', 'manual'),
        );
      }
      if (opts.json) print(JSON.stringify(report, null, 2));
      else print(`alerts: ${report.status} (run ${report.runId}, ${report.rows} new alert(s))${report.error ? ` — ${report.error}` : ''}`);
      if (report.status === 'failed') throw new CliError("alerts evaluation failed: see 'osservatorio jobs history --job alerts'", EXIT.internal);
    });
  });
}
