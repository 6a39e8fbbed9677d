-- Every user gets a plan. Written the obvious way, this fails on a table with rows:
-- SQLite cannot add a NOT NULL column without a default to existing rows.
ALTER TABLE users ADD COLUMN plan TEXT NOT NULL;

CREATE INDEX users_plan ON users (plan);
