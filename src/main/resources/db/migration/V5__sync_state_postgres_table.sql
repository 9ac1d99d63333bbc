-- The Postgres table a synced version was written to: when SIGNALS_TABLE_OVERRIDES moves a table,
-- the new one is loaded in full, and a run never credits the new table with the old one's version.
ALTER TABLE ranking.signal_sync_state ADD COLUMN postgres_table text;
