// `osservatorio reference update FILE --as-of DATE [--variations FILE]… [--ateco-version V]`:
// loads, exactly as ISTAT publishes them and all or nothing, an "Elenco comuni
// italiani" CSV into the comuni history (validity per code, variations,
// roll-up of past codes to today's comune) or an ATECO structure workbook into
// the ATECO history (validity per code, notes). The file is recognised by its
// shape and header. Documented in docs/cli.md and docs/reference-data.md.
import { readFileSync, realpathSync } from 'node:fs';
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
import {
  readVariationsFile,
  type VariationsInput,
} from '../../warehouse/reference/variationsFile.ts';

function readInput(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new UsageError(`cannot read the ${what} '${path}': ${(err as Error).message}`);
  }
}

type UpdateOptions = GlobalOptions & {
  asOf: string;
  variations?: string[];
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
  if (opts.variations?.length)
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

/**
 * The --variations files in the order given, each read by its own header. The
 * same file twice (same path, or same bytes) is a usage error; files are named
 * by their base name, or by the path given where two base names are the same.
 */
function readVariationsFiles(paths: string[]): VariationsInput[] {
  const read = paths.map((path) => {
    const bytes = readInput(path, 'variations file');
    return { path, bytes, real: realpathSync(path) };
  });
  read.forEach((f, i) => {
    const twin = read
      .slice(0, i)
      .find((g) => g.real === f.real || Buffer.compare(g.bytes, f.bytes) === 0);
    if (twin)
      throw new UsageError(
        `--variations is given the same file twice ('${twin.path}' and '${f.path}'${twin.real === f.real ? '' : ', the same bytes'}): give each file once`,
      );
  });
  const names = paths.map((p) => basename(p));
  return read.map(({ path, bytes }, i) =>
    readVariationsFile(
      bytes,
      names.indexOf(names[i]!) === names.lastIndexOf(names[i]!) ? names[i]! : path,
    ),
  );
}

async function updateComuniList(path: string, bytes: Buffer, opts: UpdateOptions): Promise<void> {
  if (opts.atecoVersion)
    throw new UsageError('--ateco-version applies to an ATECO structure workbook, not to a CSV');
  const variations = readVariationsFiles(opts.variations ?? []);
  await withWarehouse(opts, 'write', async (wh) => {
    const r = await updateComuni(wh, {
      file: basename(path),
      bytes,
      asOf: opts.asOf,
      variations,
    });
    // Each file with its format and, for ISTAT's, the rows it holds that change no code.
    const files = r.variationsFiles.map((f, i) => {
      const v = variations[i]!;
      return {
        ...f,
        format: v.format,
        rows: v.istat?.rows ?? v.rows.length,
        ...(v.istat && { otherRows: v.istat.otherRows }),
      };
    });
    if (opts.json) return print(JSON.stringify({ ...r, variationsFiles: files }, null, 2));
    print(
      `Comuni list of ${r.asOf} loaded (reference load ${r.referenceLoadId}): ${r.rows} comuni`,
    );
    print(`  validity opened ${r.opened}, closed ${r.closed}`);
    print(
      `  variations: ${r.variations.merger} mergers, ${r.variations.rename} renames, ` +
        `${r.variations.province_change} changes of province, ${r.variations.renumbering} renumberings`,
    );
    for (const f of files) {
      const same = f.sameAsUsed ? `, ${f.sameAsUsed} the same as a row used from another file` : '';
      if (f.otherRows) {
        const other = Object.entries(f.otherRows)
          .filter(([, n]) => n > 0)
          .map(([type, n]) => `${n} ${type}`)
          .join(', ');
        print(
          `  ${f.file} (ISTAT variations since 1991): ${f.rows} rows; ${f.changes} change a code (ES, AP), ` +
            `${f.used} of them used by this list${same}, ${f.notInThisUpdate} about codes not in it; ` +
            `${f.rows - f.changes} change no code and are not loaded${other ? ` (${other})` : ''}`,
        );
      } else
        print(
          `  ${f.file} (old_code,new_code,kind): ${f.rows} rows, ${f.used} used by this list${same}`,
        );
    }
    for (const v of r.repeatedVariations)
      print(
        `  ${v.oldCode} → ${v.newCode} (${v.kind}) is in ${[v.used, ...v.also].map((a) => `${a.file}, row ${a.row}`).join(' and in ')}: ` +
          `the row of ${v.used.file} was used`,
      );
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
        "comuni: which comune took the territory of each code that disappeared: ISTAT's \"Variazioni amministrative e territoriali dal 1991\" CSV as published, or our CSV 'old_code,new_code,kind'; repeat it to give several files",
        (file: string, files: string[] | undefined) => [...(files ?? []), file],
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
