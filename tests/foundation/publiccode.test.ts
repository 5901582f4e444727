// publiccode.yml, the metadata public-software catalogues (Developers Italia)
// read, must follow the standard's rules (tests/foundation/publiccodeSchema.ts)
// and agree with what the repository says elsewhere: the licence of
// package.json, Italian and English as the interface languages. Broken copies
// of it must be refused, so a catalogue's rejection shows up here first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isSpdxExpression, publiccodeSchema } from './publiccodeSchema.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const source = readFileSync(join(ROOT, 'publiccode.yml'), 'utf8');
/** The parsed document, untyped so the tests below can break it in any way. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;
const fresh = () => parse(source) as Doc;

/** The schema's complaints about a document, as "path: message" lines. */
function problems(doc: unknown): string[] {
  const r = publiccodeSchema.safeParse(doc);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('publiccode.yml', () => {
  it('follows the publiccode.yml standard 0.4', () => {
    expect(problems(fresh())).toEqual([]);
    expect(fresh().publiccodeYmlVersion).toBe('0.4');
  });

  it('describes the software in Italian and English, completely in both', () => {
    const doc = publiccodeSchema.parse(fresh());
    expect(Object.keys(doc.description).sort()).toEqual(['en', 'it']);
    for (const d of Object.values(doc.description)) {
      expect(d.longDescription?.length).toBeGreaterThanOrEqual(150);
      expect(d.features?.length).toBeGreaterThanOrEqual(5);
    }
    expect(doc.localisation.availableLanguages).toEqual(['it', 'en']);
    expect(doc.it?.countryExtensionVersion).toBe('1.0');
  });

  it('states the licence package.json states', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string };
    expect(fresh().legal.license).toBe(pkg.license);
  });

  describe('refuses a broken copy', () => {
    const refused = (breakIt: (doc: Doc) => void, path: RegExp) => {
      const doc = fresh();
      breakIt(doc);
      const found = problems(doc);
      expect(found.some((p) => path.test(p)), `expected a problem at ${path}, got ${JSON.stringify(found)}`).toBe(true);
    };

    it('a shortDescription over 150 characters', () => refused((d) => (d.description.en.shortDescription = 'x'.repeat(200)), /^description\.en\.shortDescription:/));
    it('a longDescription under 150 characters', () => refused((d) => (d.description.it.longDescription = 'Troppo breve.'), /^description\.it\.longDescription:/));
    it('a missing mandatory key', () => refused((d) => delete d.name, /^name:/));
    it('a missing mandatory section', () => refused((d) => delete d.localisation, /^localisation:/));
    it('no longDescription in any language', () => refused((d) => { delete d.description.it.longDescription; delete d.description.en.longDescription; }, /^description: longDescription is mandatory/));
    it('a description under something that is not a language tag', () => refused((d) => (d.description['not a tag'] = d.description.en), /^description/));
    it('a developmentStatus outside the list', () => refused((d) => (d.developmentStatus = 'alpha'), /^developmentStatus:/));
    it('a softwareType outside the list', () => refused((d) => (d.softwareType = 'web'), /^softwareType:/));
    it('a category outside the vocabulary', () => refused((d) => d.categories.push('labour-market'), /^categories\.3:/));
    it('a licence that is not an SPDX id', () => refused((d) => (d.legal.license = 'EUPL v1.2'), /^legal\.license:/));
    it('internal maintenance without contacts', () => refused((d) => delete d.maintenance.contacts, /^maintenance\.contacts:/));
    it('contract maintenance without contractors', () => refused((d) => (d.maintenance = { type: 'contract' }), /^maintenance\.contractors:/));
    it('a contractor date not in YYYY-MM-DD', () => refused((d) => (d.maintenance = { type: 'contract', contractors: [{ name: 'Ditta Srl', until: '31/12/2027' }] }), /^maintenance\.contractors\.0\.until:/));
    it('a version without its release date', () => refused((d) => (d.softwareVersion = '1.0'), /^releaseDate:/));
    it('localisationReady that is not a boolean', () => refused((d) => (d.localisation.localisationReady = 'yes'), /^localisation\.localisationReady:/));
    it('no available language', () => refused((d) => (d.localisation.availableLanguages = []), /^localisation\.availableLanguages:/));
    it('the version written as a number', () => refused((d) => (d.publiccodeYmlVersion = 0.4), /^publiccodeYmlVersion:/));
    it('a misspelt key', () => refused((d) => (d.mainteinance = d.maintenance), /mainteinance/));
    it('an Italian section with another extension version', () => refused((d) => (d.it.countryExtensionVersion = '0.2'), /^it\.countryExtensionVersion:/));
  });

  it('reads SPDX licence expressions as the standard allows them', () => {
    for (const ok of ['EUPL-1.2', 'AGPL-3.0-or-later', 'MIT OR Apache-2.0', '(MIT AND BSD-3-Clause) OR EUPL-1.2', 'GPL-2.0-only WITH Classpath-exception-2.0'])
      expect(isSpdxExpression(ok), ok).toBe(true);
    for (const bad of ['EUPL', 'EUPL-1.2 OR', 'MIT Apache-2.0', '(MIT', 'MIT XOR ISC', ''])
      expect(isSpdxExpression(bad), bad).toBe(false);
  });
});
