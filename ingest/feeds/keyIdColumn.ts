// The key_id column that `osservatorio pseudonymise` stamps on every row (a
// column of the data contract, so it lives with the feeds): the
// first 8 hex of sha256(key). It travels with the pseudonyms so the warehouse
// can tell when two files were made with different keys (their pseudonyms
// would never match), without ever holding the key.
import type { ColumnSpec } from './feedDefinition.ts';

export const KEY_ID_COLUMN: ColumnSpec = {
  name: 'key_id',
  type: 'string',
  aliases: ['id_chiave'],
  description: 'Identifier of the pseudonymisation key (first 8 hex of sha256 of the key), written by `osservatorio pseudonymise`.',
};
