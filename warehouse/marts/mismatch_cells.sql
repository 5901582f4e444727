-- mart.mismatch_cells — the shortage / surplus classification (MM_FLAG) at two
-- grains in one table, so the rule is written once: grain 'occupation'
-- (province × occupation as reported) and grain 'group' (province × CP2021
-- major group). mart.mismatch_signals and mart.mismatch_signals_group are its
-- two halves, the tables MM_FLAG reads. Snapshot at the as-of date.
-- Five signals, each +1 (points to shortage), -1 (points to surplus), 0
-- (neither) or null (too few cases to read it):
--   sig_tightness  V/U of the cell against the V/U of its whole province (the territory's own level):
--                  ratio >= 2 → +1, <= 0.5 → -1; open positions but no available seeker → +1.
--                  Needs open positions + seekers >= 5 and a province V/U above 0.
--   sig_htf        hard-to-fill share of the vacancies closed in the last 12 months:
--                  >= 60 % → +1, <= 30 % → -1 (Excelsior's national share is about 45–48 %). Needs >= 5 closed.
--   sig_ttf        mean days to fill (vacancies filled in the last 12 months) against the province's mean:
--                  ratio >= 1.25 → +1, <= 0.75 → -1. Needs >= 5 filled.
--   sig_decl       share of proposed candidates who declined (vacancies closed in the last 12 months):
--                  >= 25 % → +1, else 0 (declines say the offer is hard to fill, never that people are in surplus).
--                  Needs >= 10 candidates proposed.
--   sig_trend      vacancies published in the last 12 months against the 12 months before:
--                  ratio >= 1.25 → +1, <= 0.75 → -1. Needs >= 5 in the earlier 12 months.
-- Class: fewer than 2 signals readable → null (not classified); else net = (+1s) − (−1s):
-- net >= 2 → 'shortage', net <= −2 → 'surplus', otherwise 'balanced'.
-- "Last 12 months" are the 12 calendar months up to the as-of month, as in mart.labour_tightness.
with r as (
  select as_of,
         strftime(as_of, '%Y-%m') as m0,
         strftime(as_of - interval 12 month, '%Y-%m') as m12,
         strftime(as_of - interval 24 month, '%Y-%m') as m24
  from mart.refresh_info
),
vac as (
  select v.region, v.province, v.occupation, v.occupation_group,
         count(*) filter (where v.is_closed and v.close_month > r.m12) as closed_12m,
         count(*) filter (where v.hard_to_fill and v.close_month > r.m12) as htf_12m,
         coalesce(sum(v.candidates_proposed) filter (where v.is_closed and v.close_month > r.m12), 0) as proposed_12m,
         coalesce(sum(v.candidates_declined) filter (where v.is_closed and v.close_month > r.m12), 0) as declined_12m,
         count(*) filter (where v.pub_month > r.m12 and v.pub_month <= r.m0) as published_12m,
         count(*) filter (where v.pub_month > r.m24 and v.pub_month <= r.m12) as published_prev_12m
  from mart.vacancy_outcomes v cross join r
  group by all
),
occ as (
  select coalesce(t.region, v.region) as region, coalesce(t.province, v.province) as province,
         coalesce(t.occupation, v.occupation) as occupation,
         coalesce(t.occupation_group, v.occupation_group) as occupation_group,
         coalesce(t.open_positions, 0) as open_positions, coalesce(t.seekers, 0) as seekers,
         coalesce(t.filled_12m, 0) as filled_12m, coalesce(t.days_to_fill_12m, 0) as days_to_fill_12m,
         coalesce(v.closed_12m, 0) as closed_12m, coalesce(v.htf_12m, 0) as htf_12m,
         coalesce(v.proposed_12m, 0) as proposed_12m, coalesce(v.declined_12m, 0) as declined_12m,
         coalesce(v.published_12m, 0) as published_12m, coalesce(v.published_prev_12m, 0) as published_prev_12m
  from mart.labour_tightness t
  full join vac v on t.province is not distinct from v.province and t.occupation is not distinct from v.occupation
),
cells as (
  select 'occupation' as grain, region, province, occupation, occupation_group,
         open_positions, seekers, filled_12m, days_to_fill_12m, closed_12m, htf_12m,
         proposed_12m, declined_12m, published_12m, published_prev_12m
  from occ
  union all
  select 'group', region, province, null, occupation_group,
         sum(open_positions), sum(seekers), sum(filled_12m), sum(days_to_fill_12m), sum(closed_12m), sum(htf_12m),
         sum(proposed_12m), sum(declined_12m), sum(published_12m), sum(published_prev_12m)
  from occ
  group by all
),
territory as (
  select province,
         sum(open_positions)::DOUBLE / nullif(sum(seekers), 0) as territory_tightness,
         sum(days_to_fill_12m)::DOUBLE / nullif(sum(filled_12m), 0) as territory_days_to_fill
  from occ
  group by all
),
measured as (
  select c.*, t.territory_tightness, t.territory_days_to_fill,
         c.open_positions::DOUBLE / nullif(c.seekers, 0) as tightness,
         c.htf_12m::DOUBLE / nullif(c.closed_12m, 0) as htf_share_12m,
         c.days_to_fill_12m::DOUBLE / nullif(c.filled_12m, 0) as mean_days_to_fill_12m,
         c.declined_12m::DOUBLE / nullif(c.proposed_12m, 0) as decline_rate_12m,
         c.published_12m::DOUBLE / nullif(c.published_prev_12m, 0) as trend_ratio
  from cells c
  left join territory t on t.province is not distinct from c.province
),
signals as (
  select m.*,
         case when m.open_positions + m.seekers < 5 then null
              when m.seekers = 0 then 1
              when coalesce(m.territory_tightness, 0) = 0 then null
              when m.tightness / m.territory_tightness >= 2 then 1
              when m.tightness / m.territory_tightness <= 0.5 then -1
              else 0 end as sig_tightness,
         case when m.closed_12m < 5 then null
              when m.htf_share_12m >= 0.6 then 1
              when m.htf_share_12m <= 0.3 then -1
              else 0 end as sig_htf,
         case when m.filled_12m < 5 or coalesce(m.territory_days_to_fill, 0) = 0 then null
              when m.mean_days_to_fill_12m / m.territory_days_to_fill >= 1.25 then 1
              when m.mean_days_to_fill_12m / m.territory_days_to_fill <= 0.75 then -1
              else 0 end as sig_ttf,
         case when m.proposed_12m < 10 then null
              when m.decline_rate_12m >= 0.25 then 1
              else 0 end as sig_decl,
         case when m.published_prev_12m < 5 then null
              when m.trend_ratio >= 1.25 then 1
              when m.trend_ratio <= 0.75 then -1
              else 0 end as sig_trend
  from measured m
)
select s.*,
       list_count([sig_tightness, sig_htf, sig_ttf, sig_decl, sig_trend]) as signals_read,
       list_count(list_filter([sig_tightness, sig_htf, sig_ttf, sig_decl, sig_trend], x -> x = 1))
         - list_count(list_filter([sig_tightness, sig_htf, sig_ttf, sig_decl, sig_trend], x -> x = -1)) as net_signal,
       case when list_count([sig_tightness, sig_htf, sig_ttf, sig_decl, sig_trend]) < 2 then null
            when list_count(list_filter([sig_tightness, sig_htf, sig_ttf, sig_decl, sig_trend], x -> x = 1))
               - list_count(list_filter([sig_tightness, sig_htf, sig_ttf, sig_decl, sig_trend], x -> x = -1)) >= 2 then 'shortage'
            when list_count(list_filter([sig_tightness, sig_htf, sig_ttf, sig_decl, sig_trend], x -> x = -1))
               - list_count(list_filter([sig_tightness, sig_htf, sig_ttf, sig_decl, sig_trend], x -> x = 1)) >= 2 then 'surplus'
            else 'balanced' end as flag
from signals s
