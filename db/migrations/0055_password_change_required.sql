-- A password an admin issued (a new person, a reset) or the platform gave an agency's first admin
-- is known to someone else: its holder must choose their own before anything else.
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
