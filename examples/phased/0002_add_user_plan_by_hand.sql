-- The same change, in steps that never block reads or writes for long.
SET lock_timeout = '5s';

-- 1. Expand: nullable column and a default for new rows only (catalog change, no rewrite).
ALTER TABLE users ADD COLUMN plan_id bigint;
ALTER TABLE users ALTER COLUMN plan_id SET DEFAULT 1;

-- 2. Backfill in batches by primary-key range (the application loops over ranges).
UPDATE users SET plan_id = 1 WHERE id BETWEEN 1 AND 10000 AND plan_id IS NULL;

-- 3. Constrain without a long lock: NOT VALID first, then VALIDATE, then SET NOT NULL.
ALTER TABLE users ADD CONSTRAINT users_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES plans (id) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_plan_id_fkey;
ALTER TABLE users ADD CONSTRAINT users_plan_id_not_null CHECK (plan_id IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_plan_id_not_null;
ALTER TABLE users ALTER COLUMN plan_id SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_plan_id_not_null;

-- 4. Index without blocking writes.
CREATE INDEX CONCURRENTLY users_plan_id_idx ON users (plan_id);
