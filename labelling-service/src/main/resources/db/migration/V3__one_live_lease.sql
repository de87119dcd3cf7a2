-- One live lease per labeller, held by the database itself. A partial index cannot ask now(),
-- so a lease that ran out is moved to state 'expired' before its labeller is given another
-- (under that labeller's row lock); until then expires_at alone still decides that it no longer holds.
alter table lease drop constraint lease_state_check;
alter table lease add constraint lease_state_check
    check (state in ('active', 'answered', 'released', 'expired'));
update lease set state = 'expired' where state = 'active' and expires_at <= now();
-- live leases granted twice to one labeller before this index: keep the newest
update lease l set state = 'released'
where l.state = 'active'
  and exists (select 1 from lease n where n.account_id = l.account_id and n.state = 'active' and n.lease_id > l.lease_id);
create unique index lease_one_live_per_account on lease (account_id) where state = 'active';

-- When a task last escalated: an escalated task that too few labellers can still answer ends
-- unresolved once it has waited consensus.escalationWait from here (see LabellingQueue).
alter table task add column escalated_at timestamptz;
update task set escalated_at = now() where state = 'escalated';
