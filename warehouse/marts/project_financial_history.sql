-- mart.project_financial_history — every financial snapshot of every project
-- (history kept), with the latest one per project flagged. Snapshots dated
-- after the data's as-of date are left out. Grain: cup × as_of.
-- Columns: programme, project (CUP), fund, as_of, programmed, admitted,
--   legally_committed, paid, certified (euro; null when not reported),
--   is_latest (the latest as_of per project: overlapping snapshots resolve to it),
--   stages_consistent (paid ≤ legally_committed ≤ admitted ≤ programmed, 1 cent tolerance).
with r as (select as_of from mart.refresh_info)
select coalesce(p.programme_code, 'unknown') as programme, f.cup as project, p.fund,
       f.as_of, strftime(f.as_of, '%Y-%m') as month,
       f.programmed::DOUBLE as programmed, f.admitted::DOUBLE as admitted,
       f.legally_committed::DOUBLE as legally_committed, f.paid::DOUBLE as paid, f.certified::DOUBLE as certified,
       f.as_of = max(f.as_of) over (partition by f.cup) as is_latest,
       coalesce(f.paid, 0) <= coalesce(f.legally_committed, f.admitted, f.programmed) + 0.01
         and coalesce(f.legally_committed, 0) <= coalesce(f.admitted, f.programmed) + 0.01
         and coalesce(f.admitted, 0) <= f.programmed + 0.01 as stages_consistent
from core.project_financials f cross join r
left join core.projects p on p.cup = f.cup
where f.as_of <= r.as_of
