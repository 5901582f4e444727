// A dated contract row must be coded with a comune valid on its own date:
// after the 2019 and 2023 lists are loaded, a vacancy published after Bardello
// (012009) left the list, or one coded with its successor 012144 before that
// comune first appeared, is refused as comune_not_valid_at_date with row,
// column, the code, its name, the date and what replaced it; dates the lists
// cannot rule out are accepted in both directions.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../ingest/loadFile.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { LIST_2019, LIST_2023, loadBothLists } from './comuniLists.ts';

const EMPLOYER = 'a'.repeat(64);
const TODAY = '2024-06-30';

function csv(rows: string[][]): string {
  return rows.map((r) => r.join(',')).join('\n') + '\n';
}

describe('a row’s date against its comune’s validity', () => {
  let t: TempWarehouse;
  beforeAll(async () => {
    t = await tempWarehouse();
    await loadBothLists(t);
    const offices = join(t.dir, 'offices.csv');
    writeFileSync(
      offices,
      csv([
        ['office_id', 'name', 'kind', 'comune_code'],
        ['SED-1', 'Sportello 1', 'desk', '015146'],
      ]),
    );
    const employers = join(t.dir, 'employers.csv');
    writeFileSync(
      employers,
      csv([
        ['employer_id', 'sector_code', 'comune_code'],
        [EMPLOYER, '62.01', '015146'],
      ]),
    );
    for (const f of [offices, employers]) {
      const r = await loadFile(t.wh, f, { source: 'test', today: TODAY });
      expect(r.status, JSON.stringify(r.errors)).toBe('loaded');
    }
  });
  afterAll(() => t.cleanup());

  function vacancies(name: string, rows: [id: string, comune: string, published: string][]) {
    const file = join(t.dir, name);
    writeFileSync(
      file,
      csv([
        [
          'vacancy_id',
          'employer_id',
          'office_id',
          'published_on',
          'occupation_code',
          'positions',
          'comune_code',
        ],
        ...rows.map(([id, comune, published]) => [
          id,
          EMPLOYER,
          'SED-1',
          published,
          '2.1.1.4.1',
          '1',
          comune,
        ]),
      ]),
    );
    return loadFile(t.wh, file, { source: 'test', today: TODAY });
  }

  it('refuses a code used after it stopped being valid or before it existed, naming both', async () => {
    const r = await vacancies('vacancies_bad.csv', [
      ['V1', '012009', '2019-05-02'], // Bardello while it existed: fine
      ['V2', '012009', '2023-12-01'], // after the 2023 list, which no longer has it
      ['V3', '012144', '2019-03-01'], // before the 2019 list, which did not have it yet
      ['V4', '015146', '2019-03-01'], // Milano, in both lists
    ]);
    expect(r.status).toBe('refused');
    expect(r.errors).toEqual([
      expect.objectContaining({
        rule: 'comune_not_valid_at_date',
        column: 'comune_code',
        row: 3,
        rows: [3, 4],
        count: 2,
      }),
    ]);
    const message = r.errors[0]!.message;
    expect(message).toContain(`not valid on the row's 'published_on'`);
    expect(message).toContain(
      `012009 (Bardello) stopped being valid on ${LIST_2023.asOf} and was replaced by 012144 (Bardello con Malgesso e Bregano)`,
    );
    expect(message).toContain(
      `012144 (Bardello con Malgesso e Bregano) was not yet valid on ${LIST_2019.asOf} (first listed on ${LIST_2023.asOf})`,
    );
    expect(await t.wh.scalar(`select count(*) from core.vacancies`)).toBe(0);
  });

  it('accepts the dates the lists cannot rule out, and old codes at their own dates', async () => {
    const r = await vacancies('vacancies_ok.csv', [
      ['V1', '012009', '2019-05-02'], // old code while valid
      ['V2', '012009', '2023-11-09'], // the day before the first list without it
      ['V3', '012144', '2021-06-01'], // between the two lists: the merger's legal date is not in either
      ['V4', '012144', '2023-12-01'], // after it appeared
      ['V5', '015146', '2019-03-01'], // in the first list loaded: valid before it
    ]);
    expect(r.status, JSON.stringify(r.errors)).toBe('loaded');
    expect(await t.wh.scalar(`select count(*) from core.vacancies`)).toBe(5);
  });
});
