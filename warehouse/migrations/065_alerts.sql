-- 065 alerts: rules a user keeps on what they follow, the last state each rule
-- saw for each of its subjects, and the events fired when a state changed
-- (warehouse/alerts/, docs/alerts.md). A rule fires once per change, never
-- once per night; a muted rule keeps following states without firing, so
-- unmuting it does not replay old news.
create sequence ops.alert_rule_id_seq start 1;
create sequence ops.alert_event_id_seq start 1;

create table ops.alert_rules (
  rule_id    INTEGER primary key,
  username   VARCHAR not null,            -- the recipient; the rule is evaluated under their access scope
  kind       VARCHAR not null,            -- target_status | spend_pace | feed_overdue | load_refused
  params     VARCHAR not null,            -- JSON, validated by warehouse/alerts/rules.ts
  muted      BOOLEAN not null default false,
  created_at TIMESTAMP not null
);

-- The state a rule last saw for one subject (a target, a project, a feed, a load).
create table ops.alert_states (
  rule_id  INTEGER not null,
  subject  VARCHAR not null,
  state    VARCHAR not null,
  since    TIMESTAMP not null,
  primary key (rule_id, subject)
);

create table ops.alert_events (
  event_id       INTEGER primary key,
  rule_id        INTEGER not null,
  username       VARCHAR not null,
  kind           VARCHAR not null,        -- the rule's kind (kept when the rule is removed)
  subject        VARCHAR not null,
  previous_state VARCHAR,                 -- null: the first state the rule saw
  state          VARCHAR not null,
  detail         VARCHAR not null,        -- JSON: what the subject is and the figures behind the state (never a personal value)
  fired_at       TIMESTAMP not null,
  delivered_at   TIMESTAMP,
  delivery       VARCHAR                  -- email | folder | null (shown in the app only, or not yet sent)
);
