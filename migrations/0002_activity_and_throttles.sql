-- The activity log (who did what, where, when) and the throttle counters shared by every process.

CREATE TABLE activity (
    id IDENTITY_KEY,
    at BIGINT NOT NULL,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    guild_id TEXT,
    detail TEXT NOT NULL DEFAULT '{}',
    ip TEXT NOT NULL DEFAULT ''
);

CREATE INDEX activity_at ON activity (at);

CREATE INDEX activity_user ON activity (user_id, at);

CREATE INDEX activity_guild ON activity (guild_id, at);

CREATE TABLE throttles (
    key TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    hits BIGINT NOT NULL
);
