-- Every order gets a stage, placed next to its id, filled from paid_at.
ALTER TABLE orders ADD COLUMN stage VARCHAR(20) NOT NULL AFTER id;
UPDATE orders SET stage = 'paid' WHERE paid_at IS NOT NULL;
