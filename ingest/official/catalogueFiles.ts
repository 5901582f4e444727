// What a publication mapping says about the publication itself, written as
// the two catalogue feeds loaded before its figures: the publication
// (official_datasets: title, reuse terms) and the measures it declares
// (official_measures: labels, additivity, unit). Their text is the mapping
// author's, not read from the public file, so the PII guard skips it.
import { join } from 'node:path';
import { FeedFileWriter } from '../connectors/csv.ts';
import type { FeedFile } from '../connectors/types.ts';
import type { PublicationMapping } from './mapping.ts';

const MEASURE_COLUMNS = ['measure', 'source', 'label_it', 'label_en', 'additivity', 'unit'];
const DATASET_COLUMNS = [
  'dataset',
  'source',
  'title',
  'republish',
  'licence',
  'attribution',
  'source_url',
];

/** One feed file of a single writer: written whole, closed even when a write fails. */
async function writeFeedFile(
  file: string,
  columns: string[],
  rows: (string | null)[][],
): Promise<void> {
  const writer = new FeedFileWriter(file, columns);
  try {
    for (const row of rows) await writer.write(row);
  } finally {
    await writer.close();
  }
}

/** The publication's and its measures' feed files, in load order. */
export async function writeCatalogueFiles(
  m: PublicationMapping,
  outDir: string,
): Promise<FeedFile[]> {
  const datasetFile = join(outDir, `official_datasets_${m.id}.csv`);
  await writeFeedFile(datasetFile, DATASET_COLUMNS, [
    [
      m.id,
      m.source,
      m.title,
      m.republish ? 'true' : 'false',
      m.republish?.licence ?? null,
      m.republish?.attribution ?? null,
      m.republish?.source_url ?? null,
    ],
  ]);
  const measuresFile = join(outDir, `official_measures_${m.id}.csv`);
  await writeFeedFile(
    measuresFile,
    MEASURE_COLUMNS,
    Object.entries(m.measures).map(([code, spec]) => [
      code,
      m.source,
      spec.label_it,
      spec.label_en,
      spec.additivity,
      spec.unit,
    ]),
  );
  return [
    {
      feed: 'official_datasets',
      file: datasetFile,
      publicColumns: ['title', 'licence', 'attribution', 'source_url'],
    },
    { feed: 'official_measures', file: measuresFile, publicColumns: ['label_it', 'label_en'] },
  ];
}
