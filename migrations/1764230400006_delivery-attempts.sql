-- Up Migration

-- A delivery is recorded before the code leaves ('sending'), so a process killed
-- mid-send still leaves a trace; the outcome replaces the status when it is known.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check CHECK (status IN ('sending', 'sent', 'failed'));
ALTER TABLE deliveries ADD COLUMN finished_at timestamptz;

-- Down Migration

DELETE FROM deliveries WHERE status = 'sending';
ALTER TABLE deliveries DROP COLUMN finished_at;
ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check CHECK (status IN ('sent', 'failed'));
