-- mart.context_stats — ISTAT / Eurostat context statistics as loaded by the
-- connectors (core.context_stats, migration 015), for display BESIDE local
-- figures, labelled as context. Serves MM_CTX. Grain: the source's own key.
-- Columns: context_source (istat|eurostat), dataset, indicator, indicator_label,
--   unit, territory_level, territory_code (our code: comune/province/region/…),
--   sex (T/M/F/_Z), age, breakdown, period (as published: YYYY, YYYY-MM, YYYY-Qn),
--   value (null when missing/confidential), flag.
select source as context_source, dataset, indicator, indicator_label, unit,
       territory_level, territory_code, sex, age, breakdown, period, value, flag
from core.context_stats
