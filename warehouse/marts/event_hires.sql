-- mart.event_hires — recruiting days, career days, matching events, job
-- fairs, workshops, and the hires they produced. Serves PL_EVT.
-- Grain: office × territory of the office × event kind × month of the event. Columns:
--   events, employers, participants, interviews, hires_reported   sums as reported by the office
--   hires_linked    placements whose event_id names one of these events (started on or before as_of)
with r as (select as_of from mart.refresh_info),
linked as (
  select p.event_id, count(*) as hires_linked
  from core.placements p cross join r where p.event_id is not null and p.start_date <= r.as_of
  group by all
)
select ev.office_id as office, t.current_comune as comune, t.province, t.region, ev.kind as event_kind,
       strftime(ev.date, '%Y-%m') as month,
       strftime(ev.date, '%Y') || '-Q' || quarter(ev.date) as quarter,
       strftime(ev.date, '%Y') as year,
       count(*) as events,
       coalesce(sum(ev.employers), 0) as employers,
       coalesce(sum(ev.participants), 0) as participants,
       coalesce(sum(ev.interviews), 0) as interviews,
       coalesce(sum(ev.hires_reported), 0) as hires_reported,
       coalesce(sum(l.hires_linked), 0) as hires_linked
from core.events ev cross join r
left join linked l on l.event_id = ev.event_id
left join core.offices f on f.office_id = ev.office_id
left join int_territory t on t.comune_code = f.comune_code
where ev.date <= r.as_of
group by all
