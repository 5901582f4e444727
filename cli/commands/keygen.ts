// `osservatorio keygen --out <file>`: makes the secret key a job centre uses
// with `osservatorio pseudonymise`. 32 random bytes, hex, mode 0600; never
// overwrites a file; prints only the key_id (never the key).
import type { Command } from 'commander';
import { print } from '../context.ts';
import { CliError, EXIT, RefusedError, UsageError } from '../errors.ts';
import { assertSafeKeyPlace, KeyError, writeNewKeyFile } from '../../pseudonymise/key.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';

export function register(program: Command): void {
  program
    .command('keygen')
    .description('create a secret key for pseudonymise (32 random bytes, hex, file mode 0600); prints its key_id')
    .requiredOption('--out <file>', 'where to write the key: outside any git repository and outside the data directory')
    .option('--data-dir <dir>', 'observatory data directory the key must stay out of (env OSSERVATORIO_DATA_DIR, default ./data)')
    .action((opts: { out: string; dataDir?: string }) => {
      try {
        assertSafeKeyPlace(opts.out, { dataDirs: [resolveDataPaths({ dataDir: opts.dataDir }).dataDir] });
        const { keyId } = writeNewKeyFile(opts.out);
        print(`key written to ${opts.out} (mode 0600)`);
        print(`key_id ${keyId}`);
        print('Keep this file safe and off the server: without it the same person gets a different pseudonym.');
      } catch (err) {
        if (err instanceof KeyError) {
          if (err.code === 'KEY_EXISTS') throw new UsageError(`${err.message} [${err.code}]`);
          throw new RefusedError(`${err.message} [${err.code}]`);
        }
        if (err instanceof CliError) throw err;
        throw new CliError(`cannot write the key file ${opts.out}: ${(err as Error).message}`, EXIT.internal);
      }
    });
}
