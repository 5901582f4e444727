// Entry point of `osservatorio`. Each command lives in cli/commands/<name>.ts
// and exports `register(program)`; they are discovered from that folder so a
// new command is one new file.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { CliError, EXIT } from './errors.ts';

const here = dirname(fileURLToPath(import.meta.url));

export interface CommandModule {
  register(program: Command): void;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export async function buildProgram(): Promise<Command> {
  const program = new Command('osservatorio')
    .description('Labour-market observatory: load job-centre and programme data into DuckDB, compute KPIs, serve the dashboard.')
    .version(version(), '-v, --version')
    .showHelpAfterError()
    .exitOverride();
  const files = readdirSync(join(here, 'commands'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort();
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(here, 'commands', file)).href)) as CommandModule;
    mod.register(program);
  }
  // Sub-commands inherit exit override so usage errors reach our handler.
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/** Runs the CLI and returns the process exit code (never throws). */
export async function main(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram();
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof CliError) {
      process.stderr.write(`osservatorio: ${err.message}\n`);
      return err.exitCode;
    }
    const e = err as Error & { exitCode?: number };
    if (typeof e.exitCode === 'number' && e.exitCode >= 1 && e.exitCode <= 3) {
      process.stderr.write(`osservatorio: ${e.message}\n`);
      return e.exitCode;
    }
    process.stderr.write(`osservatorio: internal error: ${e?.stack ?? String(err)}\n`);
    return EXIT.internal;
  }
}
