// The logger's two forms: readable lines on a terminal, JSON lines elsewhere,
// OSSERVATORIO_LOG_FORMAT overriding the guess, and the redact list applied
// in both. The terminal is a Node Writable carrying isTTY, as process.stderr
// does when attached to one.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, LogFormatError } from '../../runtime/log.ts';

function capture(isTTY: boolean): { stream: Writable & { isTTY: boolean }; text: () => string } {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    }),
    { isTTY },
  );
  return { stream, text: () => chunks.join('') };
}

function logOneEvent(isTTY: boolean, env: NodeJS.ProcessEnv): string {
  const out = capture(isTTY);
  const logger = createLogger({ destination: out.stream, env });
  logger.info({ code: 'INBOX_FILE', file: 'avviamenti.csv', password: 'hunter2-password', secret: 's3cr3t-value' }, 'loaded one file');
  return out.text();
}

function expectJson(text: string): void {
  const lines = text.trim().split('\n');
  expect(lines).toHaveLength(1);
  const event = JSON.parse(lines[0]) as Record<string, unknown>;
  expect(event).toMatchObject({ level: 30, msg: 'loaded one file', code: 'INBOX_FILE', file: 'avviamenti.csv', password: '[redacted]', secret: '[redacted]' });
}

function expectPretty(text: string): void {
  expect(text.trimStart().startsWith('{')).toBe(false);
  expect(text).toMatch(/INFO/);
  expect(text).toContain('loaded one file');
  expect(text).toContain('avviamenti.csv');
  expect(text).toContain('[redacted]');
}

describe('logger format', () => {
  it('writes readable lines to a terminal, with the redact list applied', () => {
    const text = logOneEvent(true, {});
    expectPretty(text);
    expect(text).not.toContain('hunter2-password');
    expect(text).not.toContain('s3cr3t-value');
  });

  it('writes JSON lines when the destination is not a terminal', () => {
    const text = logOneEvent(false, {});
    expectJson(text);
    expect(text).not.toContain('hunter2-password');
  });

  it('follows OSSERVATORIO_LOG_FORMAT over the terminal guess', () => {
    expectJson(logOneEvent(true, { OSSERVATORIO_LOG_FORMAT: 'json' }));
    const text = logOneEvent(false, { OSSERVATORIO_LOG_FORMAT: 'pretty' });
    expectPretty(text);
    // Colour codes only for a terminal.
    expect(text).not.toContain('\u001b[');
    expect(text).not.toContain('hunter2-password');
  });

  it('refuses an unknown format with the allowed values', () => {
    expect(() => createLogger({ destination: capture(false).stream, env: { OSSERVATORIO_LOG_FORMAT: 'yaml' } })).toThrow(LogFormatError);
    expect(() => createLogger({ destination: capture(false).stream, env: { OSSERVATORIO_LOG_FORMAT: 'yaml' } })).toThrow(/json, pretty/);
  });
});
