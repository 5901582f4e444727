// The one logger (pino). Personal values never reach it: callers log ids,
// counts, rules and paths, and the redact list is a second guard.
//
// A person at a terminal gets one readable line per event; anything else (a
// pipe, a file, a service manager's journal) gets JSON lines for machines.
// OSSERVATORIO_LOG_FORMAT=json|pretty overrides the guess. The pretty form is
// rendered in-process and written synchronously, so the last lines before an
// exit are not lost, and it formats the already-redacted JSON line.
import { pino, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';

export type { Logger };

export const LOG_FORMAT_ENV = 'OSSERVATORIO_LOG_FORMAT';
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export class LogFormatError extends Error {
  readonly code = 'LOG_FORMAT_INVALID';
}

const REDACT = {
  paths: ['password', '*.password', 'secret', '*.secret', 'cookie', '*.cookie', 'req.headers.cookie', 'req.headers.authorization', 'value', '*.value'],
  censor: '[redacted]',
};

type Destination = NodeJS.WritableStream & { isTTY?: boolean };

/** json or pretty: the environment's choice when set, else pretty on a terminal only. */
export function logFormatFor(destination: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): LogFormat {
  const chosen = env[LOG_FORMAT_ENV];
  if (chosen === undefined || chosen === '') return destination.isTTY ? 'pretty' : 'json';
  if ((LOG_FORMATS as readonly string[]).includes(chosen)) return chosen as LogFormat;
  throw new LogFormatError(`${LOG_FORMAT_ENV} is '${chosen}'; set it to one of ${LOG_FORMATS.join(', ')}, or unset it to get pretty logs on a terminal and JSON otherwise.`);
}

export function createLogger(
  options: { level?: string; name?: string; destination?: Destination; env?: NodeJS.ProcessEnv } = {},
): Logger {
  const env = options.env ?? process.env;
  const settings: pino.LoggerOptions = {
    name: options.name ?? 'osservatorio',
    level: options.level ?? env.OSSERVATORIO_LOG_LEVEL ?? 'info',
    redact: REDACT,
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  const format = logFormatFor(options.destination ?? process.stderr, env);
  const destination: pino.DestinationStream = options.destination ?? pino.destination({ fd: 2, sync: true });
  if (format === 'json') return pino(settings, destination);
  const prettify = prettyFactory({
    colorize: Boolean((options.destination ?? process.stderr).isTTY) && env.NO_COLOR === undefined,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,name',
    singleLine: true,
  });
  return pino(settings, { write: (line: string) => destination.write(prettify(line)) });
}

/** A logger that writes nothing (tests, CLI --quiet). */
export const silentLogger: Logger = pino({ level: 'silent' });
