// The repository states its licence once in package.json ("EUPL-1.2") and
// ships the licence's full text in LICENSE, as the EUPL asks of distributed
// copies. LICENSE must be the SPDX text of that licence (as the
// spdx-license-list package publishes it), so the two cannot drift apart.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);

/** Line breaks and runs of spaces differ between copies of the same text; the words may not. */
const normalised = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('licence', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license?: string };

  it('package.json declares EUPL-1.2', () => {
    expect(pkg.license).toBe('EUPL-1.2');
  });

  it('LICENSE is the full SPDX text of the licence package.json declares', () => {
    const spdx = require(`spdx-license-list/licenses/${pkg.license}.json`) as { licenseText: string };
    const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(normalised(license)).toBe(normalised(spdx.licenseText));
    expect(license).toMatch(/^EUROPEAN UNION PUBLIC LICENCE v\. 1\.2/);
  });
});
