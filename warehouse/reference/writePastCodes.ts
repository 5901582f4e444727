// Regenerates comuni_past_codes.csv from the shipped variations files and the
// shipped list of comuni (see pastComuniCodes.ts): `npm run reference:past-codes`.
import { writeFileSync } from 'node:fs';
import { PAST_CODES_PATH, pastCodesCsv } from './pastComuniCodes.ts';

writeFileSync(PAST_CODES_PATH, pastCodesCsv());
console.log(`written ${PAST_CODES_PATH}`);
