// `osservatorio demo [--scale N] [--seed S]`: generates the deterministic demo
// of the seed territories as contract feed files in <data-dir>/demo/ and loads
// them through the single load path, marked source 'demo'; then the shipped
// excerpts of the official publications (demo/official.ts).
import type { Command } from 'commander';
import { print, withDataOptions, type GlobalOptions } from '../context.ts';
import { CliError, EXIT, UsageError } from '../errors.ts';
import { join } from 'node:path';
import { ensureShippedReference } from '../../warehouse/reference/loadReferenceData.ts';
import {
  DEFAULT_SEED,
  DemoLoadError,
  checkScale,
  generateDemo,
  loadDemo,
} from '../../demo/index.ts';
import { loadOfficialExcerpts, OfficialExcerptLoadError } from '../../demo/official.ts';
import { openWarehouseForSetup } from './init.ts';

interface DemoCliOptions extends GlobalOptions {
  scale: string;
  seed: string;
}

export function register(program: Command): void {
  withDataOptions(
    program
      .command('demo')
      .description(
        'generate the synthetic demo (Bari, Matera, Potenza, La Spezia, Bologna) as contract feed files and load them (source "demo")',
      )
      .option('--scale <n>', 'size: 1 ≈ 50,000 job seekers; fractions allowed', '1')
      .option(
        '--seed <s>',
        'integer seed: the same seed and scale give identical files',
        String(DEFAULT_SEED),
      )
      .addHelpText(
        'after',
        '\nFiles are written to <data-dir>/demo/. The same seed loaded twice is recognised as a duplicate.\nExample: osservatorio demo --scale 0.1 --db /tmp/o.duckdb',
      ),
  ).action(async (opts: DemoCliOptions) => {
    const scale = Number(opts.scale);
    const seed = Number(opts.seed);
    try {
      checkScale(scale);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    if (!Number.isSafeInteger(seed))
      throw new UsageError(`--seed must be an integer (got '${opts.seed}')`);
    const { wh, paths } = await openWarehouseForSetup(opts);
    try {
      await ensureShippedReference(wh);
      const started = Date.now();
      const dir = join(paths.dataDir, 'demo');
      print(`Generating the demo (scale ${scale}, seed ${seed}) in ${dir}…`);
      const demo = await generateDemo({ dir, scale, seed });
      print(`Loading into ${paths.db}…`);
      try {
        await loadDemo(wh, demo, (r) =>
          print(
            `  ${(r.feed ?? r.file).padEnd(18)} ${r.rows.toLocaleString('en-US').padStart(10)} rows  ${r.status}${r.status === 'duplicate' ? ' (already loaded)' : ''}`,
          ),
        );
        await loadOfficialExcerpts(wh, paths, (r) =>
          print(`  ${r.file}  ${r.rows.toLocaleString('en-US')} official figures  ${r.status}`),
        );
      } catch (err) {
        if (err instanceof DemoLoadError || err instanceof OfficialExcerptLoadError)
          throw new CliError(err.message, EXIT.internal);
        throw err;
      }
      print(
        `Done in ${((Date.now() - started) / 1000).toFixed(1)} s. Demo loads are marked source = 'demo' in ops.loads.`,
      );
    } finally {
      wh.close();
    }
  });
}
