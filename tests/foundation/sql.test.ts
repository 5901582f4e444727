// The read-only query runner in-process (the CLI cases are in cli.test.ts):
// only one SELECT passes; PRAGMA, SET, SHOW, several statements, writes and
// file access are refused as RefusedError (exit code 2); exact decimals survive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatCsv,
  formatJson,
  formatTable,
  leadingKeyword,
  runReadOnlyQuery,
} from '../../cli/commands/sql.ts';
import { RefusedError, UsageError } from '../../cli/errors.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

describe('read-only query runner', () => {
  let t: TempWarehouse;
  beforeAll(async () => {
    t = await tempWarehouse({ reference: false });
    await t.wh.run(
      `insert into core.programmes (programme_code, name, fund, load_id, loaded_at) values ('P1', 'Prova, "uno"', 'FSE+', 1, now())`,
    );
    await t.wh.run(
      `insert into core.projects (cup, programme_code, title, beneficiary, programme_resources, load_id, loaded_at)
       values ('F31D23000140007', 'P1', 'Insieme per il lavoro', 'Comune di Bologna', 605305.62, 1, now())`,
    );
    t.wh.close();
  });
  afterAll(() => t.cleanup());

  it('answers a SELECT with exact decimals in every format', async () => {
    const out = await runReadOnlyQuery(
      t.dbPath,
      `select cup, programme_resources from core.projects`,
    );
    expect(formatCsv(out)).toBe('cup,programme_resources\nF31D23000140007,605305.62');
    expect(JSON.parse(formatJson(out))).toEqual([
      { cup: 'F31D23000140007', programme_resources: 605305.62 },
    ]);
    expect(formatTable(out).split('\n')).toEqual([
      'cup              programme_resources',
      '---------------  -------------------',
      'F31D23000140007            605305.62',
      '(1 row)',
    ]);
  });

  it('quotes CSV cells that need it', async () => {
    const out = await runReadOnlyQuery(
      t.dbPath,
      `with p as (select name from core.programmes) select * from p`,
    );
    expect(formatCsv(out)).toBe('name\n"Prova, ""uno"""');
  });

  const refused = [
    'pragma database_list',
    'show tables',
    "set memory_limit = '1GB'",
    'select 1; select 2',
    'delete from core.projects',
    "update core.projects set title = 'x'",
    'create table core.x as select 1',
    "copy core.projects to '/tmp/osservatorio-should-not-exist.csv'",
    "select * from read_text('/etc/hostname')",
    'install httpfs',
    'checkpoint',
    'call pragma_version()',
  ];
  for (const q of refused) {
    it(`refuses: ${q}`, async () => {
      await expect(runReadOnlyQuery(t.dbPath, q)).rejects.toBeInstanceOf(RefusedError);
    });
  }

  it('reports a syntax error as a usage error (exit 1)', async () => {
    await expect(runReadOnlyQuery(t.dbPath, 'select (1')).rejects.toBeInstanceOf(UsageError);
  });

  it('finds the leading keyword past comments and parentheses', () => {
    expect(leadingKeyword('  -- note\n/* x */ (select 1)')).toBe('select');
    expect(leadingKeyword('PRAGMA version')).toBe('pragma');
  });

  it('left the data unchanged', async () => {
    const out = await runReadOnlyQuery(
      t.dbPath,
      `select count(*) n, min(title) t from core.projects`,
    );
    expect(out.rows).toEqual([['1', 'Insieme per il lavoro']]);
  });
});
