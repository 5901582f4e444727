-- mart.target_progress — each milestone/target against its actual value and
-- the straight-line path from baseline. Serves SP_TGT. Grain: target_id.
-- actual: for a project target, the latest indicator report (as_of ≤ data
-- as-of) of that CUP and indicator; for a programme target, the sum of the
-- latest reports of its projects; territory targets have no actual (null).
-- Straight-line path: expected = baseline + (target − baseline) × elapsed,
-- elapsed = (as_of − start) / (due_date − start) clamped to [0, 1], start =
-- project start_date / programme period_start. The status (on track / at risk
-- / off track) is applied at query time with the requested thresholds.
-- Columns: target_id, scope, scope_id, programme, project ('none' for programme
--   targets), indicator, target_kind, due_date, baseline, target_value,
--   expected (null when the start date is unknown), actual, actual_as_of
with r as (select as_of from mart.refresh_info),
rep as (
  select i.cup, i.indicator_code, arg_max(i.value, i.as_of) as value, max(i.as_of) as as_of
  from core.indicator_reports i cross join r where i.as_of <= r.as_of group by all
),
t as (
  select tg.*,
         case tg.scope when 'project' then pj.programme_code when 'programme' then tg.scope_id end as programme,
         case tg.scope when 'project' then tg.scope_id else 'none' end as project,
         case tg.scope when 'project' then pj.start_date when 'programme' then pg.period_start end as start_date
  from core.targets tg
  left join core.projects pj on tg.scope = 'project' and pj.cup = tg.scope_id
  left join core.programmes pg on tg.scope = 'programme' and pg.programme_code = tg.scope_id
),
act as (
  select t.target_id,
         case t.scope
           when 'project' then (select value from rep where rep.cup = t.scope_id and rep.indicator_code = t.indicator_code)
           when 'programme' then (select sum(rep.value) from rep join core.projects pj on pj.cup = rep.cup
                                  where pj.programme_code = t.scope_id and rep.indicator_code = t.indicator_code)
         end as actual,
         case t.scope
           when 'project' then (select as_of from rep where rep.cup = t.scope_id and rep.indicator_code = t.indicator_code)
           when 'programme' then (select max(rep.as_of) from rep join core.projects pj on pj.cup = rep.cup
                                  where pj.programme_code = t.scope_id and rep.indicator_code = t.indicator_code)
         end as actual_as_of
  from t
)
select t.target_id, t.scope, t.scope_id, coalesce(t.programme, 'unknown') as programme, t.project,
       t.indicator_code as indicator, coalesce(t.kind, 'target') as target_kind, t.due_date,
       coalesce(t.baseline, 0) as baseline, t.target_value,
       case when t.start_date is null then null
            when t.due_date <= t.start_date then t.target_value
            else coalesce(t.baseline, 0) + (t.target_value - coalesce(t.baseline, 0))
                 * least(1.0, greatest(0.0, datediff('day', t.start_date, r.as_of) / datediff('day', t.start_date, t.due_date)::DOUBLE))
       end as expected,
       a.actual, a.actual_as_of
from t cross join r join act a using (target_id)
