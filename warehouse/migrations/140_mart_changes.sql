-- 140 incremental marts: what changed in core since the marts were last
-- refreshed, recorded by the load (and by a revert) in its own transaction,
-- so the next refresh rebuilds only the slices those rows touch
-- (warehouse/marts/incremental.ts). A refresh, incremental or full, consumes
-- the rows it has accounted for in its own transaction.

-- One row per load or revert not yet reflected in the marts.
create table ops.mart_changes (
  load_id     BIGINT not null,
  action      VARCHAR not null,   -- 'load' | 'revert'
  core_table  VARCHAR not null,   -- e.g. 'core.placements'
  recorded_at TIMESTAMP not null
);

-- The keys the rows of that load touched: the rows it brought and the rows it
-- replaced (for a revert: the rows it deletes and the rows it puts back).
-- kind: 'person' | 'vacancy' | 'event' | 'cup' | 'month:<date column>'.
-- Values are the pseudonymous keys core already holds, or 'YYYY-MM'.
create table ops.mart_touches (
  load_id    BIGINT not null,
  action     VARCHAR not null,
  core_table VARCHAR not null,
  kind       VARCHAR not null,
  value      VARCHAR not null
);
