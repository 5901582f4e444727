-- mart.vacancy_outcomes — one row per vacancy (grain: vacancy_id), with its
-- dimensions resolved and its outcome measures. Serves MM_VAC, MM_FILL,
-- MM_TTF, MM_HTF, MM_DECL.
-- Columns:
--   vacancy_id           contract key
--   office               office that published it
--   comune/province/region  where the job is (vacancy comune, else employer's, else office's)
--   occupation_group     CP2021 major group (1 digit); isco_major ISCO-08 major group
--   occupation           the occupation code as reported (CP2021 at any level, or 'ISCO:nnnn'):
--                        the unit the hard-to-fill ranking is read at (no finer CP2021↔ISCO map exists)
--   sector_section       ATECO section (vacancy sector, else employer's)
--   pub_month/pub_quarter/pub_year    time of publication ('YYYY-MM', 'YYYY-Qn', 'YYYY')
--   close_month/close_quarter/close_year  time of closing (null while open)
--   positions            positions offered
--   is_closed            closed on or before the as-of date with an outcome other than open
--   closed_positions     positions when closed, else 0 (MM_FILL denominator)
--   filled_positions     positions filled when closed, else 0 (MM_FILL numerator)
--   is_filled            closed as filled or partly_filled
--   days_to_fill         closed_on − published_on for filled vacancies, else null
--   open_days            as_of − published_on for vacancies still open at the as-of date, else null (censored)
--   hard_to_fill         closed with a hard_to_fill_reason
--   htf_reason           that reason (lack_of_candidates, inadequate_skills, conditions_refused, other)
--   candidates_proposed, candidates_declined   0 when not reported
--   declines_reported    1 when candidates_proposed is reported
--   vacancy_n            1 (counts as a sum, so mart.vacancy_closed_area can add it up)
--   htf_n                1 when hard_to_fill, else 0
--   htf_positions        positions of a hard-to-fill closed vacancy, else 0 (Excelsior weights by hire, not by vacancy)
--   htf_<reason>_n       1 when htf_reason is that reason (lack_of_candidates,
--                        inadequate_skills, conditions_refused, other), else 0
select v.vacancy_id,
       v.office_id as office,
       t.current_comune as comune, t.province, t.region,
       o.occupation_group, o.isco_major,
       v.occupation_code as occupation,
       s.sector_section,
       strftime(v.published_on, '%Y-%m') as pub_month,
       strftime(v.published_on, '%Y') || '-Q' || quarter(v.published_on) as pub_quarter,
       strftime(v.published_on, '%Y') as pub_year,
       case when c.is_closed then strftime(v.closed_on, '%Y-%m') end as close_month,
       case when c.is_closed then strftime(v.closed_on, '%Y') || '-Q' || quarter(v.closed_on) end as close_quarter,
       case when c.is_closed then strftime(v.closed_on, '%Y') end as close_year,
       v.positions,
       c.is_closed,
       case when c.is_closed then v.positions else 0 end as closed_positions,
       case when c.is_closed then least(coalesce(v.filled_positions,
              case v.outcome when 'filled' then v.positions else 0 end), v.positions) else 0 end as filled_positions,
       c.is_closed and v.outcome in ('filled', 'partly_filled') as is_filled,
       case when c.is_closed and v.outcome in ('filled', 'partly_filled') then datediff('day', v.published_on, v.closed_on) end as days_to_fill,
       case when not c.is_closed then datediff('day', v.published_on, r.as_of) end as open_days,
       c.is_closed and v.hard_to_fill_reason is not null as hard_to_fill,
       case when c.is_closed then v.hard_to_fill_reason end as htf_reason,
       coalesce(v.candidates_proposed, 0) as candidates_proposed,
       coalesce(v.candidates_declined, 0) as candidates_declined,
       case when v.candidates_proposed is not null then 1 else 0 end as declines_reported,
       1 as vacancy_n,
       case when c.is_closed and v.hard_to_fill_reason is not null then 1 else 0 end as htf_n,
       case when c.is_closed and v.hard_to_fill_reason is not null then v.positions else 0 end as htf_positions,
       case when c.is_closed and v.hard_to_fill_reason = 'lack_of_candidates' then 1 else 0 end as htf_lack_of_candidates_n,
       case when c.is_closed and v.hard_to_fill_reason = 'inadequate_skills' then 1 else 0 end as htf_inadequate_skills_n,
       case when c.is_closed and v.hard_to_fill_reason = 'conditions_refused' then 1 else 0 end as htf_conditions_refused_n,
       case when c.is_closed and v.hard_to_fill_reason = 'other' then 1 else 0 end as htf_other_n
from core.vacancies v
cross join mart.refresh_info r
cross join lateral (select v.closed_on is not null and v.closed_on <= r.as_of and coalesce(v.outcome, 'closed') <> 'open' as is_closed) c
left join core.employers e on e.employer_id = v.employer_id
left join core.offices f on f.office_id = v.office_id
left join int_territory t on t.comune_code = coalesce(v.comune_code, e.comune_code, f.comune_code)
left join int_occupation o on o.code = v.occupation_code
left join int_sector s on s.code = coalesce(v.sector_code, e.sector_code)
-- A scalar, not r's column: see placement_quality.sql (a filter on r's
-- column is planned as an inequality join and misjudged).
where v.published_on <= (select as_of from mart.refresh_info)
