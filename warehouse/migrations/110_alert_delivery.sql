-- 110 alert delivery: where a rule's events are sent and what each attempt
-- did. The address is the owner's contact for their alerts, given by the
-- owner or an admin, as for report subscriptions (migration 100); it is the
-- one personal value kept here, needed to deliver, and is never written to
-- logs, job details or outbox files. An event stays pending (delivered_at
-- null) until an attempt succeeds, so a failure is retried by the next run
-- and a delivered event is never sent again.
alter table ops.alert_rules add column email VARCHAR;   -- null: the outbox folder only
alter table ops.alert_rules add column lang VARCHAR default 'it';  -- it | en: the language of the e-mail

create sequence ops.alert_delivery_id_seq start 1;

create table ops.alert_deliveries (
  delivery_id  BIGINT primary key,
  event_id     INTEGER not null,
  run_id       BIGINT,               -- ops.job_runs of the alerts job that tried (null: the CLI on the file)
  attempted_at TIMESTAMP not null,
  status       VARCHAR not null,     -- sent | saved | failed
  channel      VARCHAR not null,     -- smtp | folder
  error        VARCHAR               -- why a failed attempt failed
);
