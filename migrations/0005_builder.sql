-- The builder: each guild's library of messages and forms (kind 'message' or 'form'), shared by its managers.
-- builder_items: the draft (payload JSON), its revision (raised by every change, carried in every form so a save
--   on a stale page is caught), a form's acknowledgement text, the last published message, and the bin
--   (deleted_at set: restorable for 30 days).
-- builder_snapshots: the draft at each recent revision, to replay a stale form onto the state it was made from.
-- builder_undo: the undo and redo stacks (stack 'undo' | 'redo'), whole drafts, the newest 50 of each.
-- builder_versions: named versions, saved by hand or on every publish.

CREATE TABLE builder_items (
    id IDENTITY_KEY,
    guild_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    payload TEXT NOT NULL,
    revision BIGINT NOT NULL DEFAULT 1,
    ack_text TEXT NOT NULL DEFAULT '',
    channel_id TEXT,
    discord_message_id TEXT,
    published_at BIGINT,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    updated_at BIGINT NOT NULL,
    deleted_at BIGINT
);

CREATE INDEX builder_items_guild ON builder_items (guild_id, deleted_at, updated_at);

CREATE TABLE builder_snapshots (
    item_id BIGINT NOT NULL REFERENCES builder_items (id) ON DELETE CASCADE,
    revision BIGINT NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (item_id, revision)
);

CREATE TABLE builder_undo (
    id IDENTITY_KEY,
    item_id BIGINT NOT NULL REFERENCES builder_items (id) ON DELETE CASCADE,
    stack TEXT NOT NULL,
    payload TEXT NOT NULL,
    field TEXT NOT NULL DEFAULT '',
    user_id BIGINT,
    created_at BIGINT NOT NULL
);

CREATE INDEX builder_undo_item ON builder_undo (item_id, stack, id);

CREATE TABLE builder_versions (
    id IDENTITY_KEY,
    item_id BIGINT NOT NULL REFERENCES builder_items (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    reason TEXT NOT NULL,
    payload TEXT NOT NULL,
    channel_id TEXT,
    discord_message_id TEXT,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX builder_versions_item ON builder_versions (item_id, id);
