-- Accounts of people and programs. Tokens are stored as SHA-256 hashes only.
create table account (
    account_id   bigserial primary key,
    -- pseudonymous id that the feed and the ledger show; the name stays in this table
    labeller_id  text        not null unique,
    name         text        not null unique,
    role         text        not null check (role in ('labeller', 'auditor', 'admin', 'pipeline')),
    token_hash   bytea       not null unique,
    created_at   timestamptz not null default now()
);

-- Frames as received, ground truth removed. Either the frame itself or where it is stored.
create table frame (
    frame_id     text        primary key,
    body         jsonb,
    frame_uri    text,
    received_at  timestamptz not null default now(),
    check (body is not null or frame_uri is not null)
);

create table task (
    task_id          text             primary key,
    -- one task per frame: this is what makes intake idempotent by frame id
    frame_id         text             not null unique references frame (frame_id),
    kind             text             not null check (kind in ('uncertain', 'audit', 'gold')),
    priority         double precision not null,
    required_labels  int              not null check (required_labels >= 1),
    gold_answer      text,
    machine_opinion  jsonb,
    -- gold tasks stay in state 'gold' for ever: every labeller may meet each once
    state            text             not null check (state in ('open', 'escalated', 'verified', 'unresolved', 'gold')),
    counted_answers  int              not null default 0,
    created_at       timestamptz      not null default now(),
    resolved_at      timestamptz,
    check ((kind = 'gold') = (gold_answer is not null)),
    check ((kind = 'gold') = (state = 'gold'))
);
create index task_queue_idx on task (priority desc, created_at, task_id) where state in ('open', 'escalated');
create index task_gold_idx on task (priority desc, created_at, task_id) where state = 'gold';

create table lease (
    lease_id    bigserial   primary key,
    task_id     text        not null references task (task_id),
    account_id  bigint      not null references account (account_id),
    leased_at   timestamptz not null default now(),
    expires_at  timestamptz not null,
    -- an expired lease keeps state 'active'; expires_at alone decides that it no longer holds
    state       text        not null default 'active' check (state in ('active', 'answered', 'released')),
    -- nobody gets the same task twice
    unique (task_id, account_id)
);
create index lease_active_idx on lease (task_id) where state = 'active';
create index lease_account_idx on lease (account_id, state);

create table answer (
    answer_id        bigserial   primary key,
    lease_id         bigint      not null unique references lease (lease_id),
    task_id          text        not null references task (task_id),
    account_id       bigint      not null references account (account_id),
    -- ObjectClass symbol in lower case; null is "can't tell"
    answer           text,
    active_millis    bigint      not null check (active_millis >= 0),
    answered_at      timestamptz not null default now(),
    -- counted towards the task's required labels; false for gold answers and set-aside ones
    counted          boolean     not null,
    set_aside_reason text,
    gold_correct     boolean,
    unique (task_id, account_id)
);
create index answer_account_idx on answer (account_id, answered_at);
create index answer_task_idx on answer (task_id);

-- Piece rates over time; task_kind null applies to every kind without its own rate.
create table piece_rate (
    rate_id         bigserial   primary key,
    task_kind       text        check (task_kind in ('uncertain', 'audit', 'gold')),
    cents           bigint      not null check (cents >= 0),
    currency        text        not null,
    effective_from  timestamptz not null default now(),
    set_by          bigint      references account (account_id)
);

-- The pay ledger. 'piece' entries pay one answer; 'top_up' entries (wage floor) have no answer.
create table pay_entry (
    entry_id       bigserial   primary key,
    account_id     bigint      not null references account (account_id),
    entry_type     text        not null check (entry_type in ('piece', 'top_up')),
    task_kind      text        check (task_kind in ('uncertain', 'audit', 'gold')),
    task_id        text        references task (task_id),
    answer_id      bigint      unique references answer (answer_id),
    amount_cents   bigint      not null,
    currency       text        not null,
    active_millis  bigint      not null default 0,
    work_day       date        not null,
    created_at     timestamptz not null default now(),
    check (entry_type <> 'piece' or (answer_id is not null and task_kind is not null))
);
create index pay_entry_day_idx on pay_entry (account_id, work_day);

-- The feed's one writer position. Updating this row serializes feed inserts until commit, so
-- sequences become visible in the order they were assigned: a reader that has seen sequence n
-- can never later find a new row below n.
create table feed_position (
    id             int    primary key check (id = 1),
    last_sequence  bigint not null
);
insert into feed_position (id, last_sequence) values (1, 0);

create table feed (
    sequence      bigint      primary key,
    task_id       text        not null unique references task (task_id),
    outcome       text        not null check (outcome in ('verified', 'unresolved')),
    entry         json        not null,
    committed_at  timestamptz not null default now()
);
