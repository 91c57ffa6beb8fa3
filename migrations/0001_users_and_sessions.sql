-- People, their Discord accounts, their sessions, and OAuth logins under way.
-- Snowflakes are TEXT (Discord sends them as strings); times are UTC epoch seconds (BIGINT).

CREATE TABLE users (
    id IDENTITY_KEY,
    username TEXT NOT NULL,
    display_name TEXT,
    email TEXT,
    email_verified BOOLEAN NOT NULL DEFAULT FALSE,
    avatar_url TEXT,
    password_hash TEXT,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX users_username ON users (lower(username));

CREATE INDEX users_email ON users (lower(email));

CREATE TABLE discord_accounts (
    discord_id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    username TEXT NOT NULL,
    global_name TEXT,
    avatar TEXT,
    access_token TEXT,
    refresh_token TEXT,
    scopes TEXT NOT NULL DEFAULT '',
    expires_at BIGINT NOT NULL DEFAULT 0,
    profile_checked_at BIGINT NOT NULL DEFAULT 0,
    refresh_lease_until BIGINT NOT NULL DEFAULT 0,
    linked_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_secret TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    user_agent TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT ''
);

CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE pending_logins (
    state_hash TEXT PRIMARY KEY,
    browser_hash TEXT NOT NULL,
    purpose TEXT NOT NULL,
    code_verifier TEXT NOT NULL,
    return_path TEXT NOT NULL,
    user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL
);
