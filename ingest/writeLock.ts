// Writes to one core table run one at a time in this process. Core tables
// carry no primary-key index (migration 050): the load path keeps keys unique
// by replacing rows by key inside its transaction, and two transactions that
// both insert the same new key would not conflict in DuckDB. Serialising the
// writers of a table closes that gap completely because only one process can
// open a DuckDB file for writing. Locks are taken in name order, so writers
// of several tables (a connector's parts) cannot deadlock each other.

const tails = new Map<string, Promise<void>>();

async function acquire(table: string): Promise<() => void> {
  const previous = tails.get(table) ?? Promise.resolve();
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => held);
  tails.set(table, tail);
  await previous;
  return () => {
    release();
    if (tails.get(table) === tail) tails.delete(table);
  };
}

/** Runs `write` while holding the write lock of every table named (e.g. 'core.placements'). */
export async function withTableLocks<T>(tables: string[], write: () => Promise<T>): Promise<T> {
  const releases: (() => void)[] = [];
  try {
    for (const table of [...new Set(tables)].sort()) releases.push(await acquire(table));
    return await write();
  } finally {
    for (const release of releases.reverse()) release();
  }
}
