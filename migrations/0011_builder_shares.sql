-- Read-only share links to a draft's preview and JSON. The link carries a signed row id, never a guild secret;
-- the row says until when it opens (expires_at) and whether a manager took it back (revoked_at).

CREATE TABLE builder_shares (
    id IDENTITY_KEY,
    item_id BIGINT NOT NULL REFERENCES builder_items (id) ON DELETE CASCADE,
    guild_id TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE INDEX builder_shares_item ON builder_shares (item_id, id);
