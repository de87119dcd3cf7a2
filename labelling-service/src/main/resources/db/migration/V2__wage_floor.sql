-- Wage floor. At most one top-up per labeller and day, so settling a day again never pays twice.
create unique index pay_entry_top_up_once on pay_entry (account_id, work_day) where entry_type = 'top_up';

-- Days whose top-ups have been worked out, with the floor they were worked out against. A day
-- is settled once, when it has ended, so that switching a floor on later does not pay back days.
create table pay_day_settled (
    work_day              date        primary key,
    minimum_hourly_cents  bigint      not null check (minimum_hourly_cents >= 0),
    currency              text        not null,
    settled_at            timestamptz not null default now()
);
