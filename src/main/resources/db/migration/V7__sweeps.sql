-- A sweep is one submission of many runs: a base config and a grid of config paths, one run per
-- point of the grid. The sweep row and its runs are inserted in one transaction.
CREATE TABLE backtest.sweeps (
    sweep_id         uuid PRIMARY KEY,
    sweep_name       text        NOT NULL,
    base             jsonb       NOT NULL,
    grid             jsonb       NOT NULL,
    request_sha256   text        NOT NULL,
    idempotency_key  text,
    submitted_at     timestamptz NOT NULL,
    points           integer     NOT NULL CHECK (points >= 1)
);
CREATE UNIQUE INDEX sweeps_idempotency_key_uq ON backtest.sweeps (idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX sweeps_list_idx ON backtest.sweeps (submitted_at DESC, sweep_id DESC);

-- A run of a sweep names its sweep, its point (0-based, in grid order) and the point's values.
ALTER TABLE backtest.runs
    ADD COLUMN sweep_id         uuid REFERENCES backtest.sweeps (sweep_id),
    ADD COLUMN sweep_point      integer,
    ADD COLUMN sweep_parameters jsonb,
    ADD CONSTRAINT runs_sweep_point_check CHECK ((sweep_id IS NULL) = (sweep_point IS NULL));
CREATE UNIQUE INDEX runs_sweep_point_uq ON backtest.runs (sweep_id, sweep_point) WHERE sweep_id IS NOT NULL;
-- The claim's fairness check: is a single run (no sweep) waiting?
CREATE INDEX runs_queued_single_idx ON backtest.runs (enqueued_at) WHERE status = 'queued' AND sweep_id IS NULL;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'api_service') THEN
        GRANT SELECT, INSERT ON backtest.sweeps TO api_service;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'backtest_service') THEN
        GRANT SELECT ON backtest.sweeps TO backtest_service;
    END IF;
END
$$;
