// `osservatorio reference update FILE --as-of DATE [--variations FILE | --ateco-version V]`:
// loads, exactly as ISTAT publishes them and all or nothing, an "Elenco comuni
// italiani" CSV into the comuni history (validity per code, variations,
// roll-up of past codes to today's comune) or an ATECO structure workbook into
// the ATECO history (validity per code, notes). The file is recognised by its
// shape and header. Documented in docs/cli.md and docs/reference-data.md.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { print, withDataOptions, withWarehouse, type GlobalOptions } from '../context.ts';
import { CliError, EXIT, RefusedError, UsageError } from '../errors.ts';
import { WarehouseLockedError } from '../../warehouse/db.ts';
import { isZip, readXlsxRecords } from '../../ingest/readers/xlsxRecords.ts';
import { isAtecoStructureHeader } from '../../warehouse/reference/atecoStructure.ts';
import { ReferenceFileError } from '../../warehouse/reference/referenceFileError.ts';
import {
  ATECO_VERSIONS,
  updateAteco,
  type AtecoVersion,
} from '../../warehouse/reference/updateAteco.ts';
import { updateComuni } from '../../warehouse/reference/updateComuni.ts';
import { readVariationsFile } from '../../warehouse/reference/variationsFile.ts';

function readInput(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new UsageError(`cannot read the ${what} '${path}': ${(err as Error).message}`);
  }
}

type UpdateOptions = GlobalOptions & {
  asOf: string;
  variations?: string;
  atecoVersion?: string;
  json?: boolean;
};

/** The first sheet of a workbook, or why it cannot be read (refused: exit 2). */
async function workbookRecords(path: string, file: string): Promise<string[][]> {
  try {
    return await readXlsxRecords(path);
  } catch (err) {
    throw new ReferenceFileError([
      {
        rule: 'unrecognised_file',
        file,
        message: `the workbook cannot be read as an ISTAT reference file (${(err as Error).message})`,
      },
    ]);
  }
}

async function updateAtecoStructure(
  path: string,
  bytes: Buffer,
  opts: UpdateOptions,
): Promise<void> {
  const file = basename(path);
  const records = await workbookRecords(path, file);
  if (!isAtecoStructureHeader(records[0] ?? []))
    throw new ReferenceFileError([
      {
        rule: 'unrecognised_file',
        file,
        row: 1,
        message:
          'a workbook, but not an ISTAT ATECO structure export (header ORDINE_CODICE, CODICE, IT_TITOLO, …, one row per note)',
      },
    ]);
  if (opts.variations)
    throw new UsageError(
      '--variations applies to an Elenco comuni list, not to an ATECO structure',
    );
  const version = opts.atecoVersion;
  if (!version || !(ATECO_VERSIONS as readonly string[]).includes(version))
    throw new UsageError(
      `${file} is an ATECO structure: say which version it is with --ateco-version ${ATECO_VERSIONS.join('|')} (ISTAT does not write it in the file)`,
    );
  await withWarehouse(opts, 'write', async (wh) => {
    const r = await updateAteco(wh, {
      file,
      bytes,
      records,
      version: version as AtecoVersion,
      asOf: opts.asOf,
    });
    if (opts.json) return print(JSON.stringify(r, null, 2));
    print(
      `ATECO ${r.version} structure of ${r.asOf} loaded (reference load ${r.referenceLoadId}): ${r.codes} codes, ${r.notes} notes from ${r.rows} rows`,
    );
    print(
      `  codes per level: ${Object.entries(r.perLevel)
        .map(([level, n]) => `${level}: ${n}`)
        .join(', ')}`,
    );
    print(`  validity opened ${r.opened}, closed ${r.closed}`);
  });
}

async function updateComuniList(path: string, bytes: Buffer, opts: UpdateOptions): Promise<void> {
  if (opts.atecoVersion)
    throw new UsageError('--ateco-version applies to an ATECO structure workbook, not to a CSV');
  const variations = opts.variations
    ? readVariationsFile(readInput(opts.variations, 'variations file'), basename(opts.variations))
    : undefined;
  await withWarehouse(opts, 'write', async (wh) => {
    const r = await updateComuni(wh, {
      file: basename(path),
      bytes,
      asOf: opts.asOf,
      variations,
    });
    if (opts.json) return print(JSON.stringify(r, null, 2));
    print(
      `Comuni list of ${r.asOf} loaded (reference load ${r.referenceLoadId}): ${r.rows} comuni`,
    );
    print(`  validity opened ${r.opened}, closed ${r.closed}`);
    print(
      `  variations: ${r.variations.merger} mergers, ${r.variations.rename} renames, ` +
        `${r.variations.province_change} changes of province, ${r.variations.renumbering} renumberings`,
    );
    if (variations?.istat) {
      const { istat } = variations;
      const other = Object.entries(istat.otherRows)
        .filter(([, n]) => n > 0)
        .map(([type, n]) => `${n} ${type}`)
        .join(', ');
      print(
        `  ${istat.file} (ISTAT variations since 1991): ${istat.rows} rows; ${istat.codeChanges.length} change a code (ES, AP), ` +
          `${r.variationsFile?.used ?? 0} of them used by this list, ${r.variationsFile?.notInThisUpdate ?? 0} about codes not in it; ` +
          `${istat.rows - istat.codeChanges.length} change no code and are not loaded${other ? ` (${other})` : ''}`,
      );
    }
    print(`  past codes rolled up to today's comuni: ${r.rolledUp}`);
    print(
      `Run 'osservatorio marts refresh' to count past codes under today's comuni in the marts.`,
    );
  });
}

export function register(program: Command): void {
  const reference = program
    .command('reference')
    .description('reference data kept up to date: update');
  withDataOptions(
    reference
      .command('update <file>')
      .description(
        'load an ISTAT "Elenco comuni italiani" CSV or ATECO structure workbook, as published, into its history',
      )
      .requiredOption(
        '--as-of <date>',
        'the day the file describes, YYYY-MM-DD (ISTAT does not write it in the file)',
      )
      .option(
        '--variations <file>',
        "comuni: which comune took the territory of each code that disappeared: ISTAT's \"Variazioni amministrative e territoriali dal 1991\" CSV as published, or our CSV 'old_code,new_code,kind'",
      )
      .option(
        '--ateco-version <version>',
        `ATECO structure: the version the file is (${ATECO_VERSIONS.join(' or ')})`,
      )
      .option('--json', 'print the result as JSON'),
  ).action(async (file: string, opts: UpdateOptions) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf))
      throw new UsageError(`--as-of must be a date YYYY-MM-DD, got '${opts.asOf}'`);
    const bytes = readInput(file, 'reference file');
    try {
      if (isZip(bytes)) await updateAtecoStructure(file, bytes, opts);
      else await updateComuniList(file, bytes, opts);
    } catch (err) {
      if (err instanceof ReferenceFileError)
        throw new RefusedError(`reference update refused, nothing changed:\n${err.message}`);
      if (err instanceof WarehouseLockedError)
        throw new CliError(
          `${err.message} Stop the server, then run the update again.`,
          EXIT.internal,
        );
      throw err;
    }
  });
}
