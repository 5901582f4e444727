// `osservatorio subscriptions add | list | remove`: scheduled reports for a
// user, delivered by the running server's reports job under that user's own
// scope, by e-mail (SMTP) or to <data-dir>/reports-outbox/ without SMTP.
// Works through the server when one holds the data directory, else on the file.
import type { Command } from 'commander';
import { dataPaths, print, withDataOptions, withWarehouse, type GlobalOptions } from '../context.ts';
import { UsageError } from '../errors.ts';
import { serverRequest } from '../serverRequest.ts';
import { asUsageErrors } from '../usageErrors.ts';
import { deliveryLine } from '../deliveryLine.ts';
import { readServerInfo } from '../../server/serverInfo.ts';
import { recordAudit } from '../../warehouse/access/audit.ts';
import { smtpFromEnv, MailConfigError } from '../../reports/mail.ts';
import { parseReportSpec, ReportRequestError, reportSpec } from '../../reports/request.ts';
import {
  addSubscription,
  listSubscriptions,
  nextAt,
  NAMED_SCHEDULES,
  removeSubscription,
  SubscriptionError,
  type Subscription,
} from '../../reports/subscriptions.ts';

const CLI_ACTOR = 'cli';

interface AddOpts extends GlobalOptions {
  user: string;
  report: string;
  schedule: string;
  email?: string;
  lang: string;
}

const USAGE_ERRORS = [SubscriptionError, ReportRequestError, MailConfigError];
const guard = <T>(fn: () => Promise<T>): Promise<T> => asUsageErrors(USAGE_ERRORS, fn);

function line(s: Subscription): string {
  return [
    String(s.id).padEnd(5),
    s.username.padEnd(20),
    reportSpec(s.report).padEnd(34),
    `'${s.schedule}'`.padEnd(20),
    (s.email ?? '(folder only)').padEnd(28),
    `next ${nextAt(s.schedule, new Date()).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  ].join(' ');
}

export function register(program: Command): void {
  const subs = program.command('subscriptions').description('scheduled reports for users: add, list, remove');

  withDataOptions(
    subs
      .command('add')
      .description("subscribe a user to a report; it is rendered under that user's own scope")
      .requiredOption('--user <username>', 'the recipient (whose scope the report is rendered under)')
      .requiredOption('--report <spec>', 'project:CUP, programme:CODE or territory[:province=272,from=2025-01,to=2025-06]')
      .requiredOption('--schedule <when>', `${Object.keys(NAMED_SCHEDULES).join(', ')} (07:00 Europe/Rome) or a 5-field cron expression`)
      .option('--email <address>', 'where to send it (without: the outbox folder only)')
      .option('--lang <it|en>', 'language of the report', 'it'),
  ).action(async (opts: AddOpts) => {
    await guard(async () => {
      if (opts.lang !== 'it' && opts.lang !== 'en') throw new UsageError(`--lang is it or en, not '${opts.lang}'`);
      const paths = dataPaths(opts);
      const info = readServerInfo(paths);
      let sub: Subscription;
      let delivery: 'smtp' | 'folder';
      if (info) {
        const out = await serverRequest<{ subscription: Subscription; delivery: 'smtp' | 'folder' }>(info, 'POST', '/api/reports/subscriptions', {
          user: opts.user,
          report: opts.report,
          schedule: opts.schedule,
          email: opts.email ?? null,
          lang: opts.lang,
        });
        [sub, delivery] = [out.subscription, out.delivery];
      } else {
        const report = parseReportSpec(opts.report);
        sub = await withWarehouse(opts, 'write', async (wh) => {
          const s = await addSubscription(wh, { username: opts.user, report, schedule: opts.schedule, email: opts.email ?? null, lang: opts.lang as 'it' | 'en', createdBy: CLI_ACTOR, at: new Date() });
          await recordAudit(wh, { actor: CLI_ACTOR, role: 'admin', action: 'subscription.add', target: s.username, outcome: 'ok', detail: reportSpec(s.report) });
          return s;
        });
        delivery = smtpFromEnv() ? 'smtp' : 'folder';
      }
      print(`added subscription ${sub.id}: ${sub.username} receives ${reportSpec(sub.report)} on '${sub.schedule}' (Europe/Rome)`);
      print(deliveryLine(delivery, paths.dataDir, 'reports'));
      if (!info) print('(no server running: reports are delivered by `osservatorio serve`)');
    });
  });

  withDataOptions(subs.command('list').description('subscriptions with their next delivery').option('--user <username>', 'only this user’s').option('--json', 'print JSON')).action(
    async (opts: GlobalOptions & { user?: string; json?: boolean }) => {
      await guard(async () => {
        const paths = dataPaths(opts);
        const info = readServerInfo(paths);
        const { subscriptions, delivery } = info
          ? await serverRequest<{ subscriptions: Subscription[]; delivery: 'smtp' | 'folder' }>(info, 'GET', `/api/reports/subscriptions${opts.user ? `?user=${encodeURIComponent(opts.user)}` : ''}`)
          : { subscriptions: await withWarehouse(opts, 'read', (wh) => listSubscriptions(wh, { username: opts.user })), delivery: (smtpFromEnv() ? 'smtp' : 'folder') as 'smtp' | 'folder' };
        if (opts.json) return print(JSON.stringify(subscriptions, null, 2));
        if (!subscriptions.length) return print("no subscriptions; add one with 'osservatorio subscriptions add --user NAME --report project:CUP --schedule monthly --email ADDRESS'");
        for (const s of subscriptions) print(line(s));
        print(deliveryLine(delivery, paths.dataDir, 'reports'));
      });
    },
  );

  withDataOptions(subs.command('remove <id>').description('remove a subscription')).action(async (raw: string, opts: GlobalOptions) => {
    const id = Number(raw);
    if (!Number.isInteger(id) || id <= 0) throw new UsageError(`'${raw}' is not a subscription number; see 'osservatorio subscriptions list'.`);
    const info = readServerInfo(dataPaths(opts));
    if (info) await serverRequest(info, 'DELETE', `/api/reports/subscriptions/${id}`);
    else
      await withWarehouse(opts, 'write', async (wh) => {
        if (!(await removeSubscription(wh, id))) throw new UsageError(`There is no subscription ${id}; see 'osservatorio subscriptions list'.`);
        await recordAudit(wh, { actor: CLI_ACTOR, role: 'admin', action: 'subscription.remove', target: String(id), outcome: 'ok' });
      });
    print(`removed subscription ${id}`);
  });
}
