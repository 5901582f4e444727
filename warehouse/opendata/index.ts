// Open data: predefined public tables, protected, published in open formats with DCAT-AP_IT metadata.
export { publishOpenData, publishedMartVersion, DATASET_EXTENSIONS } from './publish.ts';
export type { PublishOptions, PublishResult } from './publish.ts';
export { OPEN_DATA_FILES, isPublishedName, publishedMediaType } from './publishedFiles.ts';
export { PUBLIC_TABLES, PUBLIC_TABLE_IDS, publicTableDef, buildPublicTables } from './tables.ts';
export { readPublishedTable } from './read.ts';
export { measureUtility } from './utility.ts';
export type { TableUtility } from './utility.ts';
export { publishRelease, ReleaseError, romeDate } from './release.ts';
export { listReleases, latestRelease, parseReleaseParameter, ReleaseParameterError, releaseDir, RELEASES_FOLDER } from './releaseFiles.ts';
export type { ReleaseInfo } from './releaseFiles.ts';
export { releaseDue } from './releaseCalendar.ts';
export { DEFAULT_PROVISIONAL_MONTHS } from './provisional.ts';
export { dayMonthYear } from './revisionText.ts';
