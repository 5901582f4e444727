-- mart.mismatch_signals — the shortage / surplus class and its signals per
-- province × occupation as reported (grain 'occupation' of mart.mismatch_cells,
-- where the rule and its thresholds are written). Serves MM_FLAG when a request
-- uses the occupation or the ISCO-08 major group.
select c.* exclude (grain), o.isco_major
from mart.mismatch_cells c
left join int_occupation o on o.code = c.occupation
where c.grain = 'occupation'
