-- Support tickets: what reaches the bot (form answers, "open a ticket" buttons), worked on a board.
-- ticket_guilds: each guild's ticket settings, the next ticket number (taken with one UPDATE ... RETURNING, so two
--   tickets never share a number on either engine), and the board's revision, raised by every change to any of its
--   tickets: the board's ETag, so an unchanged board is answered with a 304 without being read or rendered.
-- tickets: one per request; `revision` is raised by every change and carried by every form (compare-and-set);
--   `labels` is the sorted label list joined by commas; `last_word` says who spoke last ('user' or 'team');
--   deleted_at set: in the bin, restorable for 30 days.
-- ticket_events: the timeline (status, claim, labels, reply, note, user message, close, reopen, rating), never
--   updated except for a reply's delivery state.
-- ticket_channels: where replies go and the opener answers (their DM channel with the bot, or the ticket's private
--   thread when the guild chose threads), and the last message read from it.

CREATE TABLE ticket_guilds (
    guild_id TEXT PRIMARY KEY,
    next_number BIGINT NOT NULL DEFAULT 1,
    revision BIGINT NOT NULL DEFAULT 0,
    first_response_minutes BIGINT NOT NULL DEFAULT 0,
    auto_close_days BIGINT NOT NULL DEFAULT 0,
    ask_rating BOOLEAN NOT NULL DEFAULT TRUE,
    reply_in TEXT NOT NULL DEFAULT 'dm',
    swept_at BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE tickets (
    id IDENTITY_KEY,
    guild_id TEXT NOT NULL,
    number BIGINT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    title TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL,
    form_id BIGINT REFERENCES builder_items (id) ON DELETE SET NULL,
    response_id BIGINT,
    opener_id TEXT NOT NULL,
    opener_name TEXT NOT NULL,
    opener_avatar TEXT,
    channel_id TEXT NOT NULL DEFAULT '',
    answers TEXT NOT NULL DEFAULT '{}',
    assignee_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    labels TEXT NOT NULL DEFAULT '',
    revision BIGINT NOT NULL DEFAULT 1,
    last_word TEXT NOT NULL DEFAULT 'user',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    first_response_at BIGINT,
    waiting_since BIGINT,
    closed_at BIGINT,
    close_reason TEXT NOT NULL DEFAULT '',
    rating BIGINT,
    rated_at BIGINT,
    reply_channel_id TEXT,
    deleted_at BIGINT,
    UNIQUE (guild_id, number)
);

-- The board reads the open columns oldest first, the closed ones newest closed first, and the labels in use.
CREATE INDEX tickets_open ON tickets (guild_id, status, created_at, id);

CREATE INDEX tickets_closed ON tickets (guild_id, status, closed_at, id);

CREATE INDEX tickets_labels ON tickets (guild_id, labels, deleted_at);

CREATE INDEX tickets_waiting ON tickets (status, waiting_since);

CREATE INDEX tickets_rated ON tickets (guild_id, rated_at);

CREATE TABLE ticket_events (
    id IDENTITY_KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    body TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '{}',
    delivery TEXT NOT NULL DEFAULT '',
    discord_message_id TEXT,
    error TEXT NOT NULL DEFAULT ''
);

CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);

CREATE TABLE ticket_channels (
    channel_id TEXT PRIMARY KEY,
    discord_id TEXT NOT NULL,
    last_message_id TEXT NOT NULL DEFAULT '0',
    read_at BIGINT NOT NULL DEFAULT 0
);

-- Every form answer kept so far becomes a ticket of its guild, numbered in the order they came in; an answer
-- marked handled becomes a closed ticket, closed by whoever marked it. The answers stay where they were as well.
INSERT INTO tickets (guild_id, number, status, source, form_id, response_id, opener_id, opener_name, answers,
    assignee_id, created_at, updated_at, closed_at, close_reason)
SELECT r.guild_id, ROW_NUMBER() OVER (PARTITION BY r.guild_id ORDER BY r.submitted_at, r.id),
    CASE WHEN r.handled_at IS NULL THEN 'open' ELSE 'closed' END, 'form', r.form_id, r.id, r.discord_id,
    r.username, r.answers, r.handled_by, r.submitted_at, COALESCE(r.handled_at, r.submitted_at), r.handled_at,
    CASE WHEN r.handled_at IS NULL THEN '' ELSE 'Marked handled before tickets existed' END
FROM form_responses r;

INSERT INTO ticket_events (ticket_id, at, kind, body)
SELECT t.id, t.created_at, 'opened', '' FROM tickets t;

INSERT INTO ticket_events (ticket_id, at, kind, user_id, body)
SELECT t.id, t.closed_at, 'closed', t.assignee_id, t.close_reason FROM tickets t WHERE t.closed_at IS NOT NULL;

INSERT INTO ticket_guilds (guild_id, next_number)
SELECT guild_id, MAX(number) + 1 FROM tickets GROUP BY guild_id;

INSERT INTO permissions (name, description, builtin, created_at) VALUES
    ('tickets', 'Work the support tickets of the guilds one is a member of, without managing them', TRUE, 0);

INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id FROM roles r CROSS JOIN permissions p WHERE r.builtin = TRUE AND r.name = 'Admin'
    AND p.name = 'tickets';
