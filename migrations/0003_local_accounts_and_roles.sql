-- Local accounts (names, TOTP, recovery codes, mailed tokens, the half-signed-in step), roles and permissions,
-- and the development outbox.
-- An address becomes users.email only once it is verified: until then it waits in its email_tokens row.

ALTER TABLE users ADD COLUMN first_name TEXT;

ALTER TABLE users ADD COLUMN last_name TEXT;

CREATE TABLE totp (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret TEXT NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT FALSE,
    last_step BIGINT NOT NULL DEFAULT 0,
    reveal TEXT,
    created_at BIGINT NOT NULL
);

CREATE TABLE recovery_codes (
    id IDENTITY_KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at BIGINT
);

CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE TABLE email_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    email TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE INDEX email_tokens_user ON email_tokens (user_id, purpose);

CREATE TABLE second_factor_steps (
    id_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    browser_hash TEXT NOT NULL,
    return_path TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE roles (
    id IDENTITY_KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    builtin BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX roles_name ON roles (lower(name));

CREATE TABLE permissions (
    id IDENTITY_KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    builtin BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX permissions_name ON permissions (lower(name));

CREATE TABLE role_permissions (
    role_id BIGINT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    permission_id BIGINT NOT NULL REFERENCES permissions (id) ON DELETE CASCADE,
    PRIMARY KEY (role_id, permission_id)
);

CREATE TABLE user_roles (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id BIGINT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, role_id)
);

CREATE INDEX user_roles_role ON user_roles (role_id);

CREATE TABLE outbox (
    id IDENTITY_KEY,
    at BIGINT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL
);

INSERT INTO permissions (name, description, builtin, created_at) VALUES
    ('admin.users', 'Find users, grant and take their roles, disable and enable accounts', TRUE, 0),
    ('admin.roles', 'Create, rename and delete roles and permissions; grant and take permissions', TRUE, 0),
    ('admin.logs', 'Read the activity log of the whole site', TRUE, 0),
    ('guilds.manage_any', 'Manage every guild the bot is in, not only those one manages on Discord', TRUE, 0);

INSERT INTO roles (name, description, builtin, created_at) VALUES
    ('Admin', 'Holds every permission', TRUE, 0);

INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id FROM roles r CROSS JOIN permissions p WHERE r.builtin = TRUE;
