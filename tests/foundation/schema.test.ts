// The warehouse implements the contract: every core table has exactly the
// feed's columns plus lineage, with the mapped DuckDB types and NOT NULL on
// required and key columns. The key is kept unique by the load path, not by a
// primary-key index (migration 050; tests/ingest/keys.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEEDS } from '../../ingest/feeds/index.ts';
import { DUCKDB_TYPES } from '../../ingest/types.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

describe('core schema matches the feed definitions', () => {
  let t: TempWarehouse;
  beforeAll(async () => {
    t = await tempWarehouse({ reference: false });
  });
  afterAll(() => t.cleanup());

  for (const feed of FEEDS) {
    it(`core.${feed.name}`, async () => {
      const [schema, table] = feed.table.split('.');
      const cols = await t.wh.rows<{ column_name: string; data_type: string; is_nullable: string }>(
        `select column_name, data_type, is_nullable from information_schema.columns
         where table_schema = $1 and table_name = $2 order by ordinal_position`,
        [schema!, table!],
      );
      const expected = [
        ...feed.columns.map((c) => ({
          column_name: c.name,
          data_type: DUCKDB_TYPES[c.type],
          is_nullable: c.required ? 'NO' : 'YES',
        })),
        { column_name: 'load_id', data_type: 'BIGINT', is_nullable: 'NO' },
        { column_name: 'loaded_at', data_type: 'TIMESTAMP', is_nullable: 'NO' },
      ];
      const byName = (a: { column_name: string }, b: { column_name: string }) =>
        a.column_name.localeCompare(b.column_name);
      expect([...cols].sort(byName)).toEqual([...expected].sort(byName));
      const keys = await t.wh.rows<{ kind: string }>(
        `select constraint_type as kind from duckdb_constraints()
         where schema_name = $1 and table_name = $2 and constraint_type in ('PRIMARY KEY', 'UNIQUE')`,
        [schema!, table!],
      );
      expect(keys).toEqual([]);
      for (const k of feed.key)
        expect(cols.find((c) => c.column_name === k)?.is_nullable, `${k} NOT NULL`).toBe('NO');
    });
  }
});
