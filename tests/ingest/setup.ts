// Shared set-up for ingestion tests: a fresh warehouse with reference data and
// the upstream feeds (offices, employers, programmes, projects) already loaded,
// so each test file only brings the file under test.
import { afterAll, beforeAll } from 'vitest';
import { loadFile } from '../../ingest/loadFile.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import * as d from './data.ts';

export const OFFICE_HEADER = ['office_id', 'name', 'kind', 'comune_code', 'operator'];
export const CUP = 'F31D23000140007';

export async function seedUpstream(t: TempWarehouse): Promise<void> {
  const files: [string, string][] = [
    ['employers_seed.csv', d.csv(d.EMPLOYER_HEADER, d.employerRows(3))],
    [
      'offices_seed.csv',
      d.csv(OFFICE_HEADER, [['BO1', 'CPI Bologna', 'cpi', d.BOLOGNA, 'Regione Emilia-Romagna']]),
    ],
    [
      'programmes_seed.csv',
      d.csv(
        ['programme_code', 'name', 'fund'],
        [['PNMETRO', 'PN Metro Plus e città medie Sud 2021-2027', 'FSE+']],
      ),
    ],
    [
      'projects_seed.csv',
      d.csv(
        ['cup', 'programme_code', 'title', 'beneficiary', 'local_code', 'start_date'],
        [
          [
            CUP,
            'PNMETRO',
            'Insieme per il lavoro',
            'Comune di Bologna',
            'BO4.4.8.1.a',
            '2023-12-15',
          ],
        ],
      ),
    ],
  ];
  for (const [name, content] of files) {
    const r = await loadFile(t.wh, d.write(t.dir, name, content), {
      source: 'test',
      today: d.TODAY,
    });
    if (r.status !== 'loaded')
      throw new Error(`seed ${name} ${r.status}: ${JSON.stringify(r.errors)}`);
  }
}

/** A seeded warehouse for the duration of a test file. */
export function useSeededWarehouse(): { get: () => TempWarehouse } {
  let t: TempWarehouse;
  beforeAll(async () => {
    t = await tempWarehouse();
    await seedUpstream(t);
  });
  afterAll(() => t.cleanup());
  return { get: () => t };
}
