-- Runs: the Postgres row is the truth; queue messages are only wake-ups.
CREATE SCHEMA IF NOT EXISTS backtest;
CREATE SCHEMA IF NOT EXISTS ranking;
CREATE SCHEMA IF NOT EXISTS core;

CREATE TABLE backtest.runs (
    run_id            uuid PRIMARY KEY,
    run_name          text        NOT NULL,
    status            text        NOT NULL
        CONSTRAINT runs_status_check CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    config            jsonb       NOT NULL,
    config_sha256     text        NOT NULL,
    idempotency_key   text,
    submitted_at      timestamptz NOT NULL,
    started_at        timestamptz,
    completed_at      timestamptz,
    updated_at        timestamptz NOT NULL,
    attempt           integer     NOT NULL DEFAULT 0 CHECK (attempt >= 0),
    max_attempts      integer     NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
    lease_owner       text,
    lease_expires_at  timestamptz,
    heartbeat_at      timestamptz,
    progress          double precision NOT NULL DEFAULT 0
        CONSTRAINT runs_progress_range CHECK (progress >= 0 AND progress <= 1),
    progress_message  text,
    cancel_requested  boolean     NOT NULL DEFAULT false,
    error             text,
    artifacts_prefix  text        NOT NULL,
    artifacts         jsonb,
    metrics           jsonb,
    enqueued_at       timestamptz
);

CREATE UNIQUE INDEX runs_idempotency_key_uq ON backtest.runs (idempotency_key) WHERE idempotency_key IS NOT NULL;
-- Keyset pagination: ORDER BY submitted_at DESC, run_id DESC.
CREATE INDEX runs_list_idx ON backtest.runs (submitted_at DESC, run_id DESC);
CREATE INDEX runs_status_list_idx ON backtest.runs (status, submitted_at DESC, run_id DESC);
CREATE INDEX runs_name_list_idx ON backtest.runs (run_name, submitted_at DESC, run_id DESC);
-- Stale-run scans by the reconciler: only the non-terminal rows are indexed.
CREATE INDEX runs_running_lease_idx ON backtest.runs (lease_expires_at) WHERE status = 'running';
CREATE INDEX runs_queued_enqueued_idx ON backtest.runs (enqueued_at NULLS FIRST) WHERE status = 'queued';

CREATE TABLE backtest.run_events (
    event_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id       uuid        NOT NULL REFERENCES backtest.runs (run_id) ON DELETE CASCADE,
    at           timestamptz NOT NULL,
    from_status  text,
    to_status    text        NOT NULL,
    detail       text
);
CREATE INDEX run_events_run_idx ON backtest.run_events (run_id, event_id);

-- Serving copies of the Delta tables (canonical data lives in Delta Lake).
CREATE TABLE ranking.ranking_signal (
    year_month   text             NOT NULL,
    as_of_date   date             NOT NULL,
    symbol       text             NOT NULL,
    signal_name  text             NOT NULL,
    value        double precision,
    rank         integer
);
CREATE INDEX ranking_signal_date_idx ON ranking.ranking_signal (signal_name, as_of_date);
CREATE INDEX ranking_signal_partition_idx ON ranking.ranking_signal (year_month);

CREATE TABLE ranking.composite_signal_daily (
    year_month   text             NOT NULL,
    as_of_date   date             NOT NULL,
    symbol       text             NOT NULL,
    score        double precision,
    rank         integer
);
CREATE INDEX composite_signal_daily_date_idx ON ranking.composite_signal_daily (as_of_date);
CREATE INDEX composite_signal_daily_partition_idx ON ranking.composite_signal_daily (year_month);

CREATE TABLE core.daily_prices (
    year_month   text             NOT NULL,
    as_of_date   date             NOT NULL,
    symbol       text             NOT NULL,
    close        double precision NOT NULL
);
CREATE INDEX daily_prices_date_idx ON core.daily_prices (as_of_date);
CREATE INDEX daily_prices_partition_idx ON core.daily_prices (year_month);

-- One row per replicated table and partition; partition '' holds the table-level state.
CREATE TABLE ranking.signal_sync_state (
    table_name       text        NOT NULL,
    partition_value  text        NOT NULL,
    delta_version    bigint,
    row_count        bigint,
    fingerprint      text,
    synced_at        timestamptz,
    duration_ms      bigint,
    last_error       text,
    PRIMARY KEY (table_name, partition_value)
);
