-- The account a development mail is about: /dev/outbox shows it to that account (and administrators) only.
ALTER TABLE outbox ADD COLUMN user_id BIGINT REFERENCES users (id) ON DELETE CASCADE;
