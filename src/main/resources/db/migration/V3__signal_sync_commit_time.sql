-- The commit time of the synced Delta version, so /signals/status can report lag in time
-- without reading old (possibly cleaned-up) Delta log files.
ALTER TABLE ranking.signal_sync_state ADD COLUMN delta_commit_at timestamptz;
