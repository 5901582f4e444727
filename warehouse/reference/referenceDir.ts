// Where the shipped reference files sit: beside the modules that read them.
// Its own module so that both the loader and the modules that build a
// shipped file (pastComuniCodes.ts) can name it without importing each other.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REFERENCE_DIR = dirname(fileURLToPath(import.meta.url));
