-- The feed without one global lock. Verifications no longer take a sequence: they stage their
-- entry in feed_pending, and a publisher (one at a time, under an advisory lock) moves staged rows
-- that have committed into the feed with the next sequences, in one transaction. A publisher sees
-- every earlier publisher's commit before it numbers anything, so a row with a lower sequence is
-- always visible no later than one with a higher sequence: a reader that has seen sequence n can
-- never later find a new row below n. Sequences stay dense (1, 2, 3 ...).
create table feed_pending (
    pending_id  bigserial   primary key,
    task_id     text        not null unique references task (task_id),
    outcome     text        not null check (outcome in ('verified', 'unresolved')),
    -- the rendered entry after its sequence: the publisher writes '{"sequence":N,' in front
    entry_rest  text        not null,
    staged_at   timestamptz not null default now()
);
drop table feed_position;

-- Leases in state 'active' per task (expired-but-unmarked ones included), kept by a trigger, so
-- that the lease query reads free places from the task row instead of counting leases for every
-- candidate. Gold tasks are shared by everyone and never run out of places: they are not counted,
-- so that gold leases never write (and lock) the one gold task row that everyone reads.
alter table task add column leased int not null default 0;
update task t set leased = (select count(*) from lease l where l.task_id = t.task_id and l.state = 'active')
where t.kind <> 'gold';

-- Leases ever granted per labeller, for the gold schedule, without counting them every time.
alter table account add column leases_taken bigint not null default 0;
update account c set leases_taken = (select count(*) from lease l where l.account_id = c.account_id);

create function lease_counts() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        update account set leases_taken = leases_taken + 1 where account_id = new.account_id;
        if new.state = 'active' then
            update task set leased = leased + 1 where task_id = new.task_id and kind <> 'gold';
        end if;
    elsif old.state = 'active' and new.state <> 'active' then
        update task set leased = leased - 1 where task_id = old.task_id and kind <> 'gold';
    elsif old.state <> 'active' and new.state = 'active' then
        update task set leased = leased + 1 where task_id = new.task_id and kind <> 'gold';
    end if;
    return null;
end
$$;
create trigger lease_counts after insert or update of state on lease
    for each row execute function lease_counts();

-- Tasks with a free place, best first: the lease query walks only these, so its cost does not
-- grow with the number of tasks that are full or waiting behind them.
create index task_free_idx on task (priority desc, created_at, task_id)
    where state in ('open', 'escalated') and counted_answers + leased < required_labels;

-- Live leases by expiry: leases that ran out are found without looking at the others.
create index lease_expiry_idx on lease (expires_at) where state = 'active';

-- A labeller's gold record reads only their gold answers, not every answer they ever gave.
create index answer_gold_idx on answer (account_id) include (gold_correct) where gold_correct is not null;
