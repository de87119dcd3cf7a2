-- Each labeller's pay per day, kept by a trigger as pay entries are written, so that an answer's
-- receipt (today's totals) reads one row instead of summing every entry of the labeller's day:
-- that sum grew with each answer, to thousands of rows per answer by the end of a working day.
-- Only the labeller's own entries write their row; pay entries are never updated or deleted.
-- (V6, not V5: V5 is left to work that was under way beside this change.)
create table pay_day_total (
    account_id     bigint not null references account (account_id),
    work_day       date   not null,
    tasks          bigint not null,
    active_millis  bigint not null,
    piece_cents    bigint not null,
    top_up_cents   bigint not null,
    -- the least currency code among the day's entries, as min(currency) over them
    currency       text   not null,
    primary key (account_id, work_day)
);
create index pay_day_total_day_idx on pay_day_total (work_day, account_id);

insert into pay_day_total (account_id, work_day, tasks, active_millis, piece_cents, top_up_cents, currency)
select account_id, work_day,
       count(*) filter (where entry_type = 'piece'),
       sum(active_millis),
       coalesce(sum(amount_cents) filter (where entry_type = 'piece'), 0),
       coalesce(sum(amount_cents) filter (where entry_type = 'top_up'), 0),
       min(currency)
from pay_entry group by account_id, work_day;

create function pay_day_totals() returns trigger language plpgsql as $$
begin
    insert into pay_day_total as d (account_id, work_day, tasks, active_millis, piece_cents, top_up_cents, currency)
    values (new.account_id, new.work_day, (new.entry_type = 'piece')::int, new.active_millis,
            case when new.entry_type = 'piece' then new.amount_cents else 0 end,
            case when new.entry_type = 'top_up' then new.amount_cents else 0 end, new.currency)
    on conflict (account_id, work_day) do update
    set tasks = d.tasks + excluded.tasks, active_millis = d.active_millis + excluded.active_millis,
        piece_cents = d.piece_cents + excluded.piece_cents, top_up_cents = d.top_up_cents + excluded.top_up_cents,
        currency = least(d.currency, excluded.currency);
    return null;
end
$$;
create trigger pay_day_totals after insert on pay_entry for each row execute function pay_day_totals();
