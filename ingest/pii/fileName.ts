// File names go through the same guard as cell values, before anything is
// logged or recorded: a name is shown in log lines, ops.loads, the dashboard
// and the quarantine folder, so one that holds an identifier must never be
// written anywhere. Such a file is refused, and every place that shows its
// name shows a redacted form instead: stable (a hash of the name, so two
// lines about the same file can be matched) and without any part of it.
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { findPii } from './detect.ts';
import { PII_KIND_LABEL, type PiiKind } from './patterns.ts';

/** The first kind of identifier a file name holds, or undefined. */
export function fileNamePii(name: string): PiiKind | undefined {
  return findPii(name)[0]?.kind;
}

/** The name to show for a file: itself when clean, else `redacted-<hash><ext>`. */
export function safeFileName(name: string): string {
  if (!fileNamePii(name)) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 12);
  const ext = extname(name);
  return `redacted-${hash}${/^\.[A-Za-z0-9]{1,8}$/.test(ext) ? ext.toLowerCase() : ''}`;
}

/** Why a file name was refused, naming the rule and never the value. */
export function fileNameMessage(kind: PiiKind): string {
  return `the file name contains what looks like ${PII_KIND_LABEL[kind]}; names are logged and stored, so they must not hold personal data — rename the file and send it again`;
}
