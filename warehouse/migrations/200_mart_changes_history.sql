-- 200 a load's touched keys are read when the marts are refreshed, not when
-- it is written: the rows it brought keep its load_id in core, the rows it
-- replaced keep it in replaced_by_load of their history table, named here.
-- Extracting the keys in the load's transaction cost about a second per
-- million rows of every load; a refresh extracts them once for all pending
-- loads. A revert still records its keys in ops.mart_touches before it deletes
-- (the rows it takes out are gone afterwards), and so do loads recorded before
-- this migration (history_table null).
alter table ops.mart_changes add column history_table VARCHAR;
