-- Add a public id and an email index to users: the way it is often written.
BEGIN;

ALTER TABLE users ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE users ADD COLUMN plan_id bigint REFERENCES plans (id);
UPDATE users SET plan_id = 1;
ALTER TABLE users ALTER COLUMN plan_id SET NOT NULL;
CREATE INDEX users_plan_id_idx ON users (plan_id);

COMMIT;
