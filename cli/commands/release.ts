// `osservatorio release publish [--date YYYY-MM-DD]` freezes the public tables
// as the next numbered release; `osservatorio release list` shows each release
// with its number, date, provisional periods and revision notes. A publish
// that cannot be protected or dated is refused (exit 2) with what and why,
// and no release is written.
import type { Command } from 'commander';
import { dataPaths, print, withDataOptions, withWarehouse, type GlobalOptions } from '../context.ts';
import { CliError, EXIT, RefusedError, UsageError } from '../errors.ts';
import { WarehouseLockedError } from '../../warehouse/db.ts';
import { DisclosurePolicyError, RevisionNotProtectableError } from '../../warehouse/disclosure/index.ts';
import { listReleases, publishRelease, ReleaseError, romeDate, type ReleaseInfo } from '../../warehouse/opendata/index.ts';
import { OpenDataError } from '../../warehouse/opendata/publish.ts';
import { periodInWords } from '../../warehouse/opendata/periods.ts';
import { dayMonthYear } from '../../warehouse/opendata/revisionText.ts';

type Lang = 'it' | 'en';

interface PublishOpts extends GlobalOptions {
  date?: string;
  json?: boolean;
  lang?: string;
}

function langOf(value: string | undefined): Lang {
  if (value === undefined || value === 'it' || value === 'en') return value ?? 'it';
  throw new UsageError(`--lang must be 'it' or 'en', got '${value}'`);
}

/** A calendar date YYYY-MM-DD that exists (2025-02-30 does not). */
function checkedDate(value: string): string {
  const d = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value)
    throw new UsageError(`--date must be a date YYYY-MM-DD, got '${value}'`);
  return value;
}

function describe(r: ReleaseInfo, lang: Lang): string[] {
  const it = lang === 'it';
  const provisional = r.provisional.length ? r.provisional.map((p) => periodInWords(p, lang)).join(', ') : it ? 'nessuno' : 'none';
  return [
    it
      ? `Rilascio ${r.release} del ${dayMonthYear(r.date)} — dati aggiornati al ${dayMonthYear(r.asOf)}`
      : `Release ${r.release} of ${dayMonthYear(r.date)} — data as of ${dayMonthYear(r.asOf)}`,
    `  ${it ? 'Periodi provvisori' : 'Provisional periods'}: ${provisional}`,
    ...r.text[lang].map((line) => `  ${line}`),
  ];
}

export function register(program: Command): void {
  const release = program.command('release').description('open-data releases: publish the next numbered release, list them');
  withDataOptions(
    release
      .command('publish')
      .description('freeze the public tables as the next numbered release (protected against every earlier release)')
      .option('--date <date>', 'the release date readers see, YYYY-MM-DD (default: today in Europe/Rome; never before the previous release, never in the future)')
      .option('--lang <lang>', 'language of the printed notes: it or en', 'it')
      .option('--json', 'print the release as JSON'),
  ).action(async (opts: PublishOpts) => {
    const lang = langOf(opts.lang);
    const date = opts.date === undefined ? undefined : checkedDate(opts.date);
    const now = new Date();
    if (date !== undefined && date > romeDate(now))
      throw new RefusedError(`Release not published: --date ${dayMonthYear(date)} is in the future (today is ${dayMonthYear(romeDate(now))}).`);
    try {
      await withWarehouse(opts, 'write', async (wh, paths) => {
        const hasMarts = await wh.scalar<number>(`select count(*) from information_schema.tables where table_schema = 'mart' and table_name = 'refresh_info'`);
        if (!hasMarts) throw new OpenDataError('OPEN_DATA_NO_MARTS', 'The public tables are computed from the KPI marts, which were never built: run `osservatorio marts refresh` first.');
        const r = await publishRelease(wh, paths, { now, date });
        if (opts.json) return print(JSON.stringify(r, null, 2));
        print(lang === 'it' ? `Pubblicato in ${paths.openData}/releases/${r.release}/` : `Published to ${paths.openData}/releases/${r.release}/`);
        for (const line of describe(r, lang)) print(line);
      });
    } catch (err) {
      if (err instanceof WarehouseLockedError)
        throw new CliError(`${err.message} With the server running, the open-data job publishes a release when the calendar says one is due.`, EXIT.internal);
      if (err instanceof ReleaseError || err instanceof OpenDataError || err instanceof DisclosurePolicyError || err instanceof RevisionNotProtectableError)
        throw new RefusedError(`Release not published (${err.code}): ${err.message}`);
      throw err;
    }
  });
  withDataOptions(
    release
      .command('list')
      .description('every published release: number, date, provisional periods and revision notes')
      .option('--lang <lang>', 'language of the notes: it or en', 'it')
      .option('--json', 'print the releases as JSON'),
  ).action((opts: PublishOpts) => {
    const lang = langOf(opts.lang);
    // The releases are files (release.json in each folder): no warehouse is opened, so this works while the server runs.
    const releases = listReleases(dataPaths(opts).openData);
    if (opts.json) return print(JSON.stringify(releases, null, 2));
    if (!releases.length) return print(lang === 'it' ? 'Nessun rilascio pubblicato: osservatorio release publish' : 'No release published yet: osservatorio release publish');
    releases.forEach((r, i) => {
      if (i) print();
      for (const line of describe(r, lang)) print(line);
    });
  });
}
