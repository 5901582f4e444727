-- mart.vacancy_closed_area — mart.vacancy_outcomes summed to what MM_FILL and
-- MM_HTF are cut by most: territory down to province and the month of
-- closing. Same column names, counts summed, so an answer read from here
-- equals the one from mart.vacancy_outcomes (tests/scale/rollup.test.ts); the
-- query layer reads it when every dimension a request groups or filters by
-- is here (KpiDefinition.rollups). mart.vacancy_outcomes keeps one row per
-- vacancy (office, occupation and sector cuts, and the medians of MM_TTF,
-- which do not add up); this one is bounded by provinces × months (at 2 M
-- vacancies a request on the vacancy grain took ~100–120 ms, docs/scaling.md).
select region, province, close_month, close_quarter, close_year, is_closed,
       sum(vacancy_n)::BIGINT as vacancy_n,
       sum(closed_positions)::BIGINT as closed_positions,
       sum(filled_positions)::BIGINT as filled_positions,
       sum(htf_n)::BIGINT as htf_n,
       sum(htf_positions)::BIGINT as htf_positions,
       sum(htf_lack_of_candidates_n)::BIGINT as htf_lack_of_candidates_n,
       sum(htf_inadequate_skills_n)::BIGINT as htf_inadequate_skills_n,
       sum(htf_conditions_refused_n)::BIGINT as htf_conditions_refused_n,
       sum(htf_other_n)::BIGINT as htf_other_n
from mart.vacancy_outcomes
where is_closed
group by all
order by close_month, region, province
