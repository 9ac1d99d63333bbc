-- A Delta table's identity is its metaData.id: a table deleted and re-created at the same path
-- gets a new id, whatever its version, and is then fully reloaded.
ALTER TABLE ranking.signal_sync_state
    ADD COLUMN delta_table_id       text,
    ADD COLUMN last_full_reload     text,
    ADD COLUMN last_full_reload_at  timestamptz;

-- The Delta version and table id of each table a run read, e.g.
-- {"daily_prices": {"delta_version": 7, "delta_table_id": "..."}, ...}.
ALTER TABLE backtest.runs ADD COLUMN data_versions jsonb;
