-- One-time tokens handed out by the /link slash command, and GitHub repositories linked to guilds.

CREATE TABLE link_tokens (
    token_hash TEXT PRIMARY KEY,
    discord_id TEXT NOT NULL,
    username TEXT NOT NULL,
    global_name TEXT,
    avatar TEXT,
    expires_at BIGINT NOT NULL
);

ALTER TABLE pending_logins ADD COLUMN guild_id TEXT;

-- A GitHub user's repositories, fetched once at link time and kept only until a repository is chosen.
CREATE TABLE github_choices (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    guild_id TEXT NOT NULL,
    github_login TEXT NOT NULL,
    access_token TEXT NOT NULL,
    repositories TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, guild_id)
);

CREATE TABLE guild_repositories (
    guild_id TEXT PRIMARY KEY,
    repository_id BIGINT NOT NULL,
    full_name TEXT NOT NULL,
    url TEXT NOT NULL,
    default_branch TEXT NOT NULL,
    github_login TEXT NOT NULL,
    access_token TEXT NOT NULL,
    linked_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    linked_at BIGINT NOT NULL
);
