-- mart.project_spend — the latest financial snapshot of each project (latest
-- as_of wins; earlier snapshots stay in mart.project_financial_history), its
-- pace against elapsed time and the placements attributed to it. Serves
-- SP_STAGE, SP_PAID, SP_PACE, SP_CPP. Grain: project (CUP). Columns:
--   programme, project, fund, snapshot_as_of
--   programmed, admitted, legally_committed, paid, certified   euro (0 when not reported)
--   start_date, end_date   the project's planned dates (the forecast's horizon)
--   elapsed_share     (snapshot as_of − start_date) / (end_date − start_date), clamped to [0, 1]; null without dates
--   pace_admitted     admitted of projects with a known elapsed share (denominator of the weighted elapsed share)
--   admitted_x_elapsed  admitted × elapsed_share (sum / pace_admitted = admitted-weighted elapsed share)
--   pace_paid         paid of projects with a known elapsed share
--   forecast_paid_at_end   paid / elapsed_share: spend at the end date if the current pace continues (null when elapsed 0 or unknown)
--   placements        placements carrying this CUP, started on or before the data's as-of date
with r as (select as_of from mart.refresh_info),
pl as (select p.cup, count(*) as placements from core.placements p cross join r
       where p.cup is not null and p.start_date <= r.as_of group by all),
x as (select * from mart.project_financial_history where is_latest)
select x.programme, x.project, x.fund, x.as_of as snapshot_as_of,
       x.programmed, coalesce(x.admitted, 0) as admitted, coalesce(x.legally_committed, 0) as legally_committed,
       coalesce(x.paid, 0) as paid, coalesce(x.certified, 0) as certified,
       x.start_date, x.end_date, x.elapsed_share,
       case when x.elapsed_share is not null then coalesce(x.admitted, 0) else 0 end as pace_admitted,
       coalesce(coalesce(x.admitted, 0) * x.elapsed_share, 0) as admitted_x_elapsed,
       case when x.elapsed_share is not null then coalesce(x.paid, 0) else 0 end as pace_paid,
       case when x.elapsed_share > 0 then coalesce(x.paid, 0) / x.elapsed_share end as forecast_paid_at_end,
       coalesce(pl.placements, 0) as placements
from x left join pl on pl.cup = x.project
