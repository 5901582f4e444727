// publishRelease: freezes the tables in preparation as the next numbered
// release. It republishes them from the current marts first (protected
// against every earlier release), copies the dataset files and the dictionary
// into <open-data>/releases/<n>/ through a temporary folder renamed into
// place, writes release.json (date, as-of, provisional periods, revision
// notes) and records the release in ops.open_data_releases in the same step.
// A release folder is never written again: its files are read-only, and a
// number already used is refused.
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Warehouse } from '../db.ts';
import type { DataPaths } from '../paths.ts';
import { writeCatalog } from './catalogFile.ts';
import { fileChecksum } from './files.ts';
import { DEFAULT_PROVISIONAL_MONTHS, provisionalPeriods } from './provisional.ts';
import { DATASET_EXTENSIONS, publishOpenData, type PublishOptions } from './publish.ts';
import {
  highestReleaseFolder,
  latestRelease,
  readTablesIn,
  RELEASE_METADATA,
  RELEASES_FOLDER,
  releaseDir,
  type ReleaseInfo,
} from './releaseFiles.ts';
import { revisionNotes, type LoadSummary } from './revisionNotes.ts';
import { dayMonthYear, revisionText } from './revisionText.ts';
import { PUBLIC_TABLES } from './tables.ts';

export class ReleaseError extends Error {
  constructor(
    readonly code: 'RELEASE_EXISTS' | 'RELEASE_DATE_BEFORE_PREVIOUS',
    message: string,
  ) {
    super(message);
  }
}

/** The day of `at` in Europe/Rome, YYYY-MM-DD (the date readers see). */
export function romeDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

// ops.loads.finished_at is DuckDB's now() as a local TIMESTAMP, while
// publishedAt is an ISO instant in UTC: the instant is turned into the same
// local time before comparing, or in any zone east of UTC every load of the
// last hours would count as arriving after the previous release.
async function loadsSince(wh: Warehouse, since: string | null): Promise<LoadSummary[]> {
  if (since === null) return [];
  const rows = await wh.rows<{ feed: string | null; files: number; rows: number }>(
    `select feed, count(*)::INTEGER as files, coalesce(sum(rows), 0)::BIGINT as rows
       from ops.loads where status = 'loaded' and finished_at > ($1::TIMESTAMPTZ)::TIMESTAMP
      group by feed order by feed`,
    [since],
  );
  return rows.map((r) => ({ feed: r.feed ?? 'unknown', files: Number(r.files), rows: Number(r.rows) }));
}

export async function publishRelease(
  wh: Warehouse,
  paths: Pick<DataPaths, 'openData'>,
  options: PublishOptions & { now?: Date; date?: string } = {},
): Promise<ReleaseInfo> {
  const now = options.now ?? new Date();
  // The day readers see; a release dated before the previous one would make
  // the list read out of order, so it is refused before anything is written.
  const date = options.date ?? romeDate(now);
  const previous = latestRelease(paths.openData);
  if (previous && date < previous.date)
    throw new ReleaseError('RELEASE_DATE_BEFORE_PREVIOUS', `Release date ${dayMonthYear(date)} is before release ${previous.release} (${dayMonthYear(previous.date)}): releases are numbered in date order.`);
  const months = options.provisionalMonths ?? DEFAULT_PROVISIONAL_MONTHS;
  const openData = paths.openData;
  const recorded = (await wh.scalar<number>(`select coalesce(max(release_no), 0)::INTEGER from ops.open_data_releases`)) ?? 0;
  const release = Math.max(Number(recorded), highestReleaseFolder(openData)) + 1;
  const target = releaseDir(openData, release);
  if (existsSync(target)) throw new ReleaseError('RELEASE_EXISTS', `Release ${release} already exists at ${target}; a release is never rewritten.`);
  // Protection against every earlier release happens here, before any file is
  // written: a table that cannot be protected stops the release with nothing changed.
  const published = await publishOpenData(wh, paths, options);

  const tables = readTablesIn(openData);
  const refresh = await wh.one<{ as_of: string; version: number }>(`select as_of::VARCHAR as as_of, version from mart.refresh_info`);
  const dataAsOf = refresh!.as_of;
  const provisional = provisionalPeriods([...tables.values()].flatMap((t) => t.rows.map((r) => String(r.period))), dataAsOf, months);
  const notes = revisionNotes({
    previous: previous ? { release: previous.release, asOf: previous.asOf, tables: readTablesIn(releaseDir(openData, previous.release)), provisional: previous.provisional } : null,
    asOf: dataAsOf,
    tables,
    provisional,
    loads: await loadsSince(wh, previous?.publishedAt ?? null),
  });

  mkdirSync(join(openData, RELEASES_FOLDER), { recursive: true });
  const tmp = join(openData, RELEASES_FOLDER, `.${release}.${randomBytes(4).toString('hex')}.tmp`);
  mkdirSync(tmp);
  try {
    const names = [...PUBLIC_TABLES.flatMap((d) => DATASET_EXTENSIONS.map((ext) => `${d.id}.${ext}`)), 'dictionary.csv', 'dictionary.json'];
    const files = names.map((name) => {
      copyFileSync(join(openData, name), join(tmp, name));
      return { name, ...fileChecksum(join(tmp, name)) };
    });
    const info: ReleaseInfo = {
      release,
      date,
      publishedAt: now.toISOString(),
      asOf: dataAsOf,
      martVersion: published.martVersion ?? Number(refresh!.version),
      provisionalMonths: months,
      provisional,
      notes,
      text: { it: revisionText(notes, 'it'), en: revisionText(notes, 'en') },
      files,
    };
    writeFileSync(join(tmp, RELEASE_METADATA), JSON.stringify(info, null, 2));
    for (const name of [...names, RELEASE_METADATA]) chmodSync(join(tmp, name), 0o444);
    // The row and the folder go together: the folder is renamed into place
    // inside the transaction, so a failed insert leaves no folder and a failed
    // rename leaves no row.
    await wh.transaction(async (tx) => {
      await tx.run(
        `insert into ops.open_data_releases (release_no, published_at, release_date, as_of, mart_version, provisional, notes)
         values ($1, $2::TIMESTAMP, $3::DATE, $4::DATE, $5, $6, $7)`,
        [release, now.toISOString().replace('T', ' ').replace('Z', ''), info.date, dataAsOf, info.martVersion, JSON.stringify(provisional), JSON.stringify(notes)],
      );
      renameSync(tmp, target);
    });
    writeCatalog(openData, { ...options });
    return info;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
