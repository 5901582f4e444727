// Exit codes are part of the CLI's contract (documented in README and docs/cli.md).
export const EXIT = {
  ok: 0,
  usage: 1, // wrong command line: unknown command, bad option, missing argument
  refused: 2, // data refused: a file broke the contract, a query was not allowed
  internal: 3, // anything else: a bug or an environment problem
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports as one clear message, with a meaningful exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.usage,
  ) {
    super(message);
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

export class RefusedError extends CliError {
  constructor(message: string) {
    super(message, EXIT.refused);
  }
}
