-- What Discord told us, kept briefly so that page views do not become Discord calls.
-- guild_lists: each Discord user's guilds (from /users/@me/guilds), with a lease so one process fetches at a time.
-- bot_cache: what the bot sees of a guild (the guild itself, channels, roles, emojis), keyed "kind:guild_id".

CREATE TABLE guild_lists (
    discord_id TEXT PRIMARY KEY,
    guilds TEXT NOT NULL DEFAULT '[]',
    fetched_at BIGINT NOT NULL DEFAULT 0,
    lease_until BIGINT NOT NULL DEFAULT 0,
    retry_at BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE bot_cache (
    key TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    fetched_at BIGINT NOT NULL
);
