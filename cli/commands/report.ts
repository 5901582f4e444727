// `osservatorio report territory|project|programme … --as USER --out FILE`:
// a report printed from the dashboard page as USER sees it (their scope,
// disclosure control as on the page), to a PDF, plus the XLSX of its tables
// with --xlsx. When a server holds the data directory it prints the report;
// otherwise the command starts one of its own on a free loopback port for
// the time of the print.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { dataPaths, print, withDataOptions, withWarehouse, type GlobalOptions } from '../context.ts';
import { CliError, EXIT, UsageError } from '../errors.ts';
import { serverRequest } from '../serverRequest.ts';
import { readServerInfo } from '../../server/serverInfo.ts';
import { startServer } from '../../server/serve.ts';
import { SESSION_SECRET_ENV } from '../../server/auth/secret.ts';
import { getUser } from '../../warehouse/accounts/users.ts';
import { silentLogger } from '../../runtime/log.ts';
import { ChromiumMissingError, ReportPageError } from '../../reports/render.ts';
import { checkRequest, ReportRequestError, reportSpec, type ReportRequest, type TerritoryLevel } from '../../reports/request.ts';

interface ReportOpts extends GlobalOptions {
  as: string;
  demo?: boolean;
  out: string;
  xlsx?: string;
  lang: string;
}

interface TerritoryOpts extends ReportOpts {
  region?: string;
  province?: string;
  comune?: string;
  office?: string;
  from?: string;
  to?: string;
}

async function produce(request: ReportRequest, opts: ReportOpts): Promise<void> {
  if (opts.lang !== 'it' && opts.lang !== 'en') throw new UsageError(`--lang is it or en, not '${opts.lang}'`);
  const lang = opts.lang;
  const paths = dataPaths(opts);
  const info = readServerInfo(paths);
  let pdf: Buffer;
  let xlsx: Buffer;
  let subject: string;
  if (info) {
    const out = await serverRequest<{ subject: string; pdf: string; xlsx: string }>(info, 'POST', '/api/reports/render', { report: reportSpec(request), as: opts.as, lang });
    [pdf, xlsx, subject] = [Buffer.from(out.pdf, 'base64'), Buffer.from(out.xlsx, 'base64'), out.subject];
  } else {
    // The demo's users exist once the demo is served: --demo serves it in demo mode for the print.
    let demo = Boolean(opts.demo);
    if (!demo) {
      const user = await withWarehouse(opts, 'read', (wh) => getUser(wh, opts.as));
      if (!user) throw new UsageError(`There is no user '${opts.as}'; list them with 'osservatorio users list' (on the demo data, add --demo for the demo users).`);
      demo = user.demo;
    }
    const env = { ...process.env };
    // This short-lived server's sessions end with it: a secret of its own will do when none is configured.
    if (!env[SESSION_SECRET_ENV] || Buffer.byteLength(env[SESSION_SECRET_ENV]!) < 32) env[SESSION_SECRET_ENV] = randomBytes(32).toString('base64url');
    const server = await startServer({ paths, port: 0, host: '127.0.0.1', demo, scheduler: false, logger: silentLogger, app: { security: { env } } });
    try {
      const user = await getUser(server.services.warehouse, opts.as);
      if (!user) throw new UsageError(`There is no user '${opts.as}'; list them with 'osservatorio users list'.`);
      if (user.disabled) throw new UsageError(`User '${opts.as}' is disabled: their pages cannot be printed.`);
      const out = await server.reports.renderAs(user.username, request, lang, new Date());
      [pdf, xlsx, subject] = [out.pdf, out.xlsx, out.subject];
    } catch (err) {
      if (err instanceof ReportPageError || err instanceof ChromiumMissingError) throw new CliError(err.message, err instanceof ReportPageError && err.status === 403 ? EXIT.refused : EXIT.internal);
      throw err;
    } finally {
      await server.close();
    }
  }
  writeFileSync(resolve(opts.out), pdf);
  print(`wrote ${resolve(opts.out)} (${subject}, as ${opts.as})`);
  if (opts.xlsx) {
    writeFileSync(resolve(opts.xlsx), xlsx);
    print(`wrote ${resolve(opts.xlsx)}`);
  }
}

function common(cmd: Command): Command {
  return withDataOptions(cmd)
    .requiredOption('--as <username>', 'print the page as this user sees it (their scope and disclosure control)')
    .requiredOption('--out <file.pdf>', 'where to write the PDF')
    .option('--xlsx <file.xlsx>', 'also write the tables of the report as XLSX')
    .option('--lang <it|en>', 'language of the report', 'it')
    .option('--demo', 'the data directory is the synthetic demo: print with the demo users (when no server runs)');
}

function checked(r: ReportRequest): ReportRequest {
  try {
    return checkRequest(r);
  } catch (err) {
    if (err instanceof ReportRequestError) throw new UsageError(err.message);
    throw err;
  }
}

export function register(program: Command): void {
  const report = program.command('report').description('print a report (PDF, and XLSX of its tables) from the dashboard page, as a given user sees it');

  common(
    report
      .command('territory')
      .description('territory brief: the overview for a territory or office and period')
      .option('--region <code>', 'ISTAT region code, e.g. 16')
      .option('--province <code>', 'province code as the overview takes it, e.g. 272')
      .option('--comune <code>', 'ISTAT comune code, e.g. 072006')
      .option('--office <id>', 'job-centre office, e.g. BA-PFB')
      .option('--from <YYYY-MM>', 'first month of the period')
      .option('--to <YYYY-MM>', 'last month of the period'),
  ).action(async (opts: TerritoryOpts) => {
    const levels = (['region', 'province', 'comune', 'office'] as TerritoryLevel[]).filter((l) => opts[l]);
    if (levels.length > 1) throw new UsageError(`A territory brief is about one territory: give one of --${levels.join(', --')}.`);
    const level = levels[0];
    await produce(checked({ kind: 'territory', ...(level ? { territory: { level, code: opts[level]! } } : {}), from: opts.from, to: opts.to }), opts);
  });

  common(report.command('project <cup>').description('project report: financial stages, pace, indicators against targets')).action(async (cup: string, opts: ReportOpts) => {
    await produce(checked({ kind: 'project', cup }), opts);
  });

  common(report.command('programme <code>').description('programme report: the programme page printed')).action(async (code: string, opts: ReportOpts) => {
    await produce(checked({ kind: 'programme', code }), opts);
  });
}
