SET lock_timeout = '5s';

-- Nullable, no default: a catalog change only.
ALTER TABLE users ADD COLUMN note text;
