-- Answers to the guild's forms, sent from Discord (MODAL_SUBMIT) and read on the form's Responses page.

CREATE TABLE form_responses (
    id IDENTITY_KEY,
    form_id BIGINT NOT NULL REFERENCES builder_items (id) ON DELETE CASCADE,
    guild_id TEXT NOT NULL,
    discord_id TEXT NOT NULL,
    username TEXT NOT NULL,
    answers TEXT NOT NULL,
    submitted_at BIGINT NOT NULL,
    handled_at BIGINT,
    handled_by BIGINT REFERENCES users (id) ON DELETE SET NULL
);

CREATE INDEX form_responses_form ON form_responses (form_id, submitted_at);
