// The files of the published open data, by name: each public table in every
// published format, the dictionary and the DCAT catalogue. The HTTP routes
// serve a name only when it is in this allow-list, so a request path never
// reaches the file system unless it names a file we publish.
import { FORMATS } from './catalog.ts';
import { DATASET_EXTENSIONS } from './publish.ts';
import { PUBLIC_TABLES } from './tables.ts';

/** Every file name /open-data/ may serve. */
export const OPEN_DATA_FILES: ReadonlySet<string> = new Set([
  ...PUBLIC_TABLES.flatMap((t) => DATASET_EXTENSIONS.map((ext) => `${t.id}.${ext}`)),
  'dictionary.csv',
  'dictionary.json',
  'catalog.jsonld',
]);

export function isPublishedName(name: string): boolean {
  return OPEN_DATA_FILES.has(name);
}

const MEDIA_TYPES: Record<string, string> = {
  ...Object.fromEntries(Object.entries(FORMATS).map(([ext, f]) => [ext, f.mediaType])),
  jsonld: 'application/ld+json',
};

/** The media type of a published file, from its extension (the same one the catalogue declares). */
export function publishedMediaType(name: string): string {
  return MEDIA_TYPES[name.slice(name.lastIndexOf('.') + 1)];
}
