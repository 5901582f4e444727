-- mart.decommitment_risk — programme payments against the N+3 rule
-- (Reg. (EU) 2021/1060 art. 105). The contract carries no annual commitment
-- tranches, so each programme's resources (sum of its projects' programmed
-- amounts, latest snapshots) are assumed committed in equal annual tranches
-- over its period (period_start … period_end years); the tranche of year N
-- must be paid by 31 December of N+3. The rule binds the programmes of the
-- cohesion funds that regulation governs (here FESR, FSE+ and Interreg); a
-- PNRR programme (Reg. (EU) 2021/241: payments follow milestones and
-- targets) or one on national, regional or municipal funds has no N+3, so
-- its row has no amount due, no gap and is never at risk.
-- Grain: programme. Columns:
--   programme, fund, period_start_year, period_end_year
--   n3_applies         the fund is one the N+3 rule binds
--   resources          sum of programmed (euro);  paid  sum of paid (latest snapshots)
--   required_by_year_end   tranches of years ≤ (as-of year − 3), i.e. what must be paid by 31 Dec of the as-of year
--   gap                required_by_year_end − paid (> 0: that amount is at risk of decommitment)
--   at_risk            1 when gap > 0, else 0 (0 where the rule does not apply)
with r as (select as_of from mart.refresh_info),
spend as (select programme, sum(programmed) as resources, sum(paid) as paid from mart.project_spend group by all),
p as (
  select s.programme, pg.fund, year(pg.period_start) as y0, year(pg.period_end) as y1, s.resources, s.paid
  from spend s left join core.programmes pg on pg.programme_code = s.programme
)
select p.programme, p.fund, p.y0 as period_start_year, p.y1 as period_end_year,
       coalesce(p.fund in ('FESR', 'FSE+', 'Interreg'), false) as n3_applies,
       p.resources, p.paid,
       case when not n3_applies or p.y0 is null or p.y1 is null or p.y1 < p.y0 then null
            else p.resources / (p.y1 - p.y0 + 1) * least(greatest(year(r.as_of) - 3 - p.y0 + 1, 0), p.y1 - p.y0 + 1)
       end as required_by_year_end,
       required_by_year_end - p.paid as gap,
       case when required_by_year_end - p.paid > 0.005 then 1 else 0 end as at_risk
from p cross join r
