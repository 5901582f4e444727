// DCAT-AP_IT metadata (JSON-LD) for the published datasets: catalogue,
// datasets and distributions with licence CC-BY 4.0, publisher, temporal and
// spatial coverage, update frequency and a SHA-256 checksum per file.
// Vocabularies: DCAT-AP_IT 1.1 (AgID), EU Publications Office authority tables.
import type { PublicTableDef } from './tables.ts';

export const LICENCE_URL = 'https://creativecommons.org/licenses/by/4.0/';
export const LICENCE_NAME = 'Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)';

export interface Publisher {
  name: string;
  /** IPA code of the public body (dcatapit:Agent dct:identifier). */
  identifier: string;
}

export interface DistributionInfo {
  ext: string;
  mediaType: string;
  format: string; // EU file-type authority code
  sha256: string;
  bytes: number;
}

export interface DatasetInfo {
  def: PublicTableDef;
  temporal: { start: string; end: string } | null;
  provinces: string[];
  /** True when the data cover every province (the total is Italy); otherwise only the covered provinces are the coverage. */
  national: boolean;
  distributions: DistributionInfo[];
  rows: number;
  suppressed: number;
}

const EU = 'http://publications.europa.eu/resource/authority';

/** A frozen release, as the catalogue lists it: one distribution per dataset file. */
export interface CatalogRelease {
  release: number;
  /** Publication day (YYYY-MM-DD). */
  date: string;
  files: { name: string; sha256: string; bytes: number }[];
}

export const FORMATS: Record<string, { mediaType: string; format: string }> = {
  csv: { mediaType: 'text/csv', format: 'CSV' },
  parquet: { mediaType: 'application/vnd.apache.parquet', format: 'PARQUET' },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', format: 'XLSX' },
  json: { mediaType: 'application/json', format: 'JSON' },
};

export function buildCatalog(options: {
  baseUrl: string;
  publisher: Publisher;
  modified: string;
  datasets: DatasetInfo[];
  frequency: string;
  releases?: CatalogRelease[];
}): object {
  const base = options.baseUrl.replace(/\/+$/, '');
  const agent = {
    '@type': ['foaf:Agent', 'dcatapit:Agent'],
    'foaf:name': options.publisher.name,
    'dct:identifier': options.publisher.identifier,
  };
  const licence = {
    '@id': LICENCE_URL,
    '@type': ['dct:LicenseDocument', 'dcatapit:LicenseDocument'],
    'dct:type': { '@id': 'http://purl.org/adms/licencetype/Attribution' },
    'foaf:name': LICENCE_NAME,
  };
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      dcatapit: 'http://dati.gov.it/onto/dcatapit#',
      foaf: 'http://xmlns.com/foaf/0.1/',
      spdx: 'http://spdx.org/rdf/terms#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
      locn: 'http://www.w3.org/ns/locn#',
      owl: 'http://www.w3.org/2002/07/owl#',
    },
    '@id': `${base}/open-data/catalog.jsonld`,
    '@type': ['dcat:Catalog', 'dcatapit:Catalog'],
    'dct:title': [
      { '@value': 'Osservatorio mercato del lavoro — dati aperti', '@language': 'it' },
      { '@value': 'Labour-market observatory — open data', '@language': 'en' },
    ],
    'dct:description': {
      '@value': 'Tabelle aggregate con controllo della divulgazione statistica (celle < soglia soppresse, flag "c").',
      '@language': 'it',
    },
    'dct:publisher': agent,
    'dct:modified': { '@value': options.modified, '@type': 'xsd:date' },
    'dct:language': { '@id': `${EU}/language/ITA` },
    'foaf:homepage': { '@id': `${base}/open-data` },
    'dcat:dataset': options.datasets.map((d) => ({
      '@id': `${base}/open-data/${d.def.id}`,
      '@type': ['dcat:Dataset', 'dcatapit:Dataset'],
      'dct:identifier': `${options.publisher.identifier}:${d.def.id}`,
      'dct:title': [
        { '@value': d.def.title.it, '@language': 'it' },
        { '@value': d.def.title.en, '@language': 'en' },
      ],
      'dct:description': [
        { '@value': d.def.description.it, '@language': 'it' },
        { '@value': d.def.description.en, '@language': 'en' },
      ],
      'dct:publisher': agent,
      'dct:rightsHolder': agent,
      'dct:modified': { '@value': options.modified, '@type': 'xsd:date' },
      'dct:accrualPeriodicity': { '@id': `${EU}/frequency/${options.frequency}` },
      'dcat:theme': [{ '@id': `${EU}/data-theme/ECON` }, { '@id': `${EU}/data-theme/SOCI` }],
      'dct:language': { '@id': `${EU}/language/ITA` },
      'dct:temporal': d.temporal
        ? { '@type': 'dct:PeriodOfTime', 'dcat:startDate': { '@value': d.temporal.start, '@type': 'xsd:date' }, 'dcat:endDate': { '@value': d.temporal.end, '@type': 'xsd:date' } }
        : undefined,
      'dct:spatial': [
        ...(d.national ? [{ '@id': `${EU}/country/ITA` }] : []),
        ...d.provinces.map((p) => ({ '@type': 'dct:Location', 'locn:geographicIdentifier': `ISTAT:UTS:${p}` })),
      ],
      'dcat:landingPage': { '@id': `${base}/open-data` },
      'dct:conformsTo': { '@id': `${base}/open-data/dictionary.csv` },
      // The stable URLs serve the latest release; each release stays listed with its own URL and date.
      'dcat:distribution': [...d.distributions.map((dist) => ({
        '@id': `${base}/open-data/${d.def.id}.${dist.ext}`,
        '@type': ['dcat:Distribution', 'dcatapit:Distribution'],
        'dct:title': `${d.def.title.it} (${dist.format})`,
        'dcat:accessURL': { '@id': `${base}/open-data` },
        'dcat:downloadURL': { '@id': `${base}/open-data/${d.def.id}.${dist.ext}` },
        'dcat:mediaType': dist.mediaType,
        'dct:format': { '@id': `${EU}/file-type/${dist.format}` },
        'dct:license': licence,
        'dcat:byteSize': { '@value': String(dist.bytes), '@type': 'xsd:decimal' },
        'spdx:checksum': {
          '@type': 'spdx:Checksum',
          'spdx:algorithm': { '@id': 'spdx:checksumAlgorithm_sha256' },
          'spdx:checksumValue': dist.sha256,
        },
      })),
      ...(options.releases ?? []).flatMap((r) =>
        r.files
          .filter((f) => f.name.startsWith(`${d.def.id}.`))
          .map((f) => {
            const ext = f.name.slice(f.name.lastIndexOf('.') + 1);
            const url = `${base}/open-data/releases/${r.release}/${f.name}`;
            return {
              '@id': url,
              '@type': ['dcat:Distribution', 'dcatapit:Distribution'],
              'dct:title': `${d.def.title.it} — rilascio ${r.release} (${FORMATS[ext].format})`,
              'dct:issued': { '@value': r.date, '@type': 'xsd:date' },
              'owl:versionInfo': String(r.release),
              'dcat:accessURL': { '@id': `${base}/open-data?release=${r.release}` },
              'dcat:downloadURL': { '@id': url },
              'dcat:mediaType': FORMATS[ext].mediaType,
              'dct:format': { '@id': `${EU}/file-type/${FORMATS[ext].format}` },
              'dct:license': licence,
              'dcat:byteSize': { '@value': String(f.bytes), '@type': 'xsd:decimal' },
              'spdx:checksum': {
                '@type': 'spdx:Checksum',
                'spdx:algorithm': { '@id': 'spdx:checksumAlgorithm_sha256' },
                'spdx:checksumValue': f.sha256,
              },
            };
          }),
      )],
    })),
  };
}
