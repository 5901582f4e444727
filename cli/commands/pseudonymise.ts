// `osservatorio pseudonymise <in> --out <out> --key-file <k>`: run by the data
// owner before sending a file. Replaces identifier columns with HMAC-SHA256
// pseudonyms, drops name/contact columns, adds key_id. Prints column names and
// counts only — never a value.
import type { Command } from 'commander';
import { print } from '../context.ts';
import { CliError, EXIT, RefusedError, UsageError } from '../errors.ts';
import { KeyError, readKeyFile } from '../../pseudonymise/key.ts';
import { parseList, parseMap } from '../../pseudonymise/columns.ts';
import { pseudonymiseCsv, PseudonymiseError } from '../../pseudonymise/index.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';

interface Options {
  out: string;
  keyFile: string;
  map?: string;
  drop?: string;
  force?: boolean;
  dataDir?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('pseudonymise <input>')
    .alias('pseudonymize')
    .description('replace codici fiscali with HMAC-SHA256 pseudonyms, drop name/contact columns, add key_id (CSV, streamed)')
    .requiredOption('--out <file>', 'output CSV (same delimiter as the input, UTF-8)')
    .requiredOption('--key-file <file>', 'secret key made with `osservatorio keygen` (kept outside the repository and the data directory)')
    .option('--map <pairs>', 'identifier columns and their pseudonym column, e.g. codice_fiscale:person_id,cf_azienda:employer_id')
    .option('--drop <columns>', 'more columns to drop, comma-separated (name/contact columns are always dropped)')
    .option('--force', 'replace the output file if it exists')
    .option('--data-dir <dir>', 'observatory data directory the key must stay out of (env OSSERVATORIO_DATA_DIR, default ./data)')
    .option('--json', 'print the summary as JSON')
    .action(async (input: string, opts: Options) => {
      let map: Record<string, string> | undefined;
      try {
        map = opts.map ? parseMap(opts.map) : undefined;
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      try {
        const { key, keyId } = readKeyFile(opts.keyFile, { dataDirs: [resolveDataPaths({ dataDir: opts.dataDir }).dataDir] });
        const summary = await pseudonymiseCsv({ input, output: opts.out, key, keyId, map, drop: parseList(opts.drop), force: opts.force });
        if (opts.json) {
          print(JSON.stringify(summary, null, 2));
          return;
        }
        print(`${summary.output}: ${summary.rows} rows, key_id ${summary.keyId}, delimiter '${summary.delimiter}', input ${summary.encoding}${summary.bom ? ' with BOM' : ''}`);
        for (const m of summary.mapped) print(`  pseudonymised ${m.from} → ${m.to}${m.empty ? ` (${m.empty} empty values left empty)` : ''}`);
        print(`  dropped: ${summary.dropped.length ? summary.dropped.join(', ') : '(none)'}`);
        print(`  columns: ${summary.columns.join(', ')}`);
      } catch (err) {
        if (err instanceof KeyError) {
          throw new RefusedError(`${err.message} [${err.code}]`);
        }
        if (err instanceof PseudonymiseError) {
          throw err.kind === 'usage' ? new UsageError(`${err.message} [${err.code}]`) : new RefusedError(`${err.message} [${err.code}]`);
        }
        if (err instanceof CliError) throw err;
        throw new CliError(`pseudonymise failed: ${(err as Error).message.split('\n')[0]}`, EXIT.internal);
      }
    });
}
