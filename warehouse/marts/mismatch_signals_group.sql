-- mart.mismatch_signals_group — the shortage / surplus class and its signals
-- per province × CP2021 major group (grain 'group' of mart.mismatch_cells).
-- Serves MM_FLAG when a request uses territory and occupation group only: the
-- class of a group is read from the group's own counts, not from its occupations' classes.
select c.* exclude (grain, occupation)
from mart.mismatch_cells c
where c.grain = 'group'
