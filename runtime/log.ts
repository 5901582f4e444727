// The one logger (pino, JSON lines). Personal values never reach it: callers
// log ids, counts, rules and paths, and the redact list is a second guard.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(options: { level?: string; name?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'osservatorio',
      level: options.level ?? process.env.OSSERVATORIO_LOG_LEVEL ?? 'info',
      redact: {
        paths: ['password', '*.password', 'secret', '*.secret', 'cookie', '*.cookie', 'req.headers.cookie', 'req.headers.authorization', 'value', '*.value'],
        censor: '[redacted]',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    (options.destination as pino.DestinationStream | undefined) ?? pino.destination(2),
  );
}

/** A logger that writes nothing (tests, CLI --quiet). */
export const silentLogger: Logger = pino({ level: 'silent' });
