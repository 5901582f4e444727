// `osservatorio reference update FILE --as-of DATE [--variations FILE]`:
// loads an ISTAT "Elenco comuni italiani" list, exactly as ISTAT publishes it,
// into the comuni history (validity per code, variations, roll-up of past codes
// to today's comune), all or nothing. Documented in docs/cli.md and
// docs/reference-data.md.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { print, withDataOptions, withWarehouse, type GlobalOptions } from '../context.ts';
import { CliError, EXIT, RefusedError, UsageError } from '../errors.ts';
import { WarehouseLockedError } from '../../warehouse/db.ts';
import { parseComuniVariations } from '../../warehouse/reference/comuniVariationsFile.ts';
import { ReferenceFileError } from '../../warehouse/reference/referenceFileError.ts';
import { updateComuni } from '../../warehouse/reference/updateComuni.ts';

function readInput(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new UsageError(`cannot read the ${what} '${path}': ${(err as Error).message}`);
  }
}

export function register(program: Command): void {
  const reference = program
    .command('reference')
    .description('reference data kept up to date: update');
  withDataOptions(
    reference
      .command('update <file>')
      .description(
        'load an ISTAT "Elenco comuni italiani" CSV as published (Windows-1252, ;) into the comuni history',
      )
      .requiredOption(
        '--as-of <date>',
        'the day the list describes, YYYY-MM-DD (ISTAT does not write it in the file)',
      )
      .option(
        '--variations <file>',
        "CSV 'old_code,new_code,kind' saying which comune took the territory of each code that disappeared",
      )
      .option('--json', 'print the result as JSON'),
  ).action(
    async (
      file: string,
      opts: GlobalOptions & { asOf: string; variations?: string; json?: boolean },
    ) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf))
        throw new UsageError(`--as-of must be a date YYYY-MM-DD, got '${opts.asOf}'`);
      const bytes = readInput(file, 'comuni list');
      try {
        const variations = opts.variations
          ? {
              file: basename(opts.variations),
              rows: parseComuniVariations(
                readInput(opts.variations, 'variations file').toString('utf8'),
                basename(opts.variations),
              ),
            }
          : undefined;
        await withWarehouse(opts, 'write', async (wh) => {
          const r = await updateComuni(wh, {
            file: basename(file),
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
          print(`  past codes rolled up to today's comuni: ${r.rolledUp}`);
          print(
            `Run 'osservatorio marts refresh' to count past codes under today's comuni in the marts.`,
          );
        });
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
    },
  );
}
