SET lock_timeout = '5s';

-- A volatile default makes PostgreSQL rewrite every row under ACCESS EXCLUSIVE.
ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();
