-- mart.project_financial_history — every financial snapshot of every project
-- (history kept), with the latest one per project flagged, its pace against
-- elapsed time and the loader's warning. Snapshots dated after the data's
-- as-of date are left out. Grain: cup × as_of. The funder's project page
-- charts these rows as they are (stages over snapshot dates, pace, forecast).
-- Columns: programme, project (CUP), fund, as_of, month, programmed, admitted,
--   legally_committed, paid, certified (euro; null when not reported),
--   is_latest (the latest as_of per project: overlapping snapshots resolve to it),
--   stages_consistent (paid ≤ legally_committed ≤ admitted ≤ programmed, 1 cent tolerance),
--   start_date, end_date      the project's planned dates (core.projects)
--   elapsed_share     (as_of − start_date) / (end_date − start_date), clamped to [0, 1]; null without dates
--   paid_share        paid / admitted (null when admitted is 0 or missing)
--   forecast_paid_at_end   paid / elapsed_share: spend at the end date if the pace of this snapshot continues (null when elapsed 0 or unknown)
--   load_id           the load that wrote this snapshot (ops.loads)
--   loader_flagged    the loader flagged this snapshot's stages as out of order
--                     (ops.row_flags, rule financial_stage_order: loaded, not corrected)
with r as (select as_of from mart.refresh_info),
flags as (
  select distinct load_id, key_values[1] as cup, key_values[2] as as_of
  from ops.row_flags where feed = 'project_financials' and rule = 'financial_stage_order'
),
h as (
  select coalesce(p.programme_code, 'unknown') as programme, f.cup as project, p.fund,
         f.as_of, strftime(f.as_of, '%Y-%m') as month,
         f.programmed::DOUBLE as programmed, f.admitted::DOUBLE as admitted,
         f.legally_committed::DOUBLE as legally_committed, f.paid::DOUBLE as paid, f.certified::DOUBLE as certified,
         f.as_of = max(f.as_of) over (partition by f.cup) as is_latest,
         coalesce(f.paid, 0) <= coalesce(f.legally_committed, f.admitted, f.programmed) + 0.01
           and coalesce(f.legally_committed, 0) <= coalesce(f.admitted, f.programmed) + 0.01
           and coalesce(f.admitted, 0) <= f.programmed + 0.01 as stages_consistent,
         p.start_date, p.end_date,
         case when p.start_date is not null and p.end_date > p.start_date
              then least(1.0, greatest(0.0, datediff('day', p.start_date, f.as_of) / datediff('day', p.start_date, p.end_date)::DOUBLE))
         end as elapsed_share,
         f.load_id,
         fl.load_id is not null as loader_flagged
  from core.project_financials f cross join r
  left join core.projects p on p.cup = f.cup
  left join flags fl on fl.load_id = f.load_id and fl.cup = f.cup and fl.as_of = cast(f.as_of as VARCHAR)
  where f.as_of <= r.as_of
)
select programme, project, fund, as_of, month, programmed, admitted, legally_committed, paid, certified,
       is_latest, stages_consistent, start_date, end_date, elapsed_share,
       paid / nullif(admitted, 0) as paid_share,
       case when elapsed_share > 0 then coalesce(paid, 0) / elapsed_share end as forecast_paid_at_end,
       load_id, loader_flagged
from h
