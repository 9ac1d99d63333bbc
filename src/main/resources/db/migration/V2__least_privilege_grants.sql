-- Grants are applied only where the role exists, so migrations run on any server.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'api_service') THEN
        GRANT USAGE ON SCHEMA backtest, ranking, core TO api_service;
        GRANT SELECT, INSERT, UPDATE ON backtest.runs TO api_service;
        GRANT SELECT, INSERT ON backtest.run_events TO api_service;
        GRANT SELECT ON ALL TABLES IN SCHEMA ranking, core TO api_service;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'backtest_service') THEN
        GRANT USAGE ON SCHEMA backtest, ranking, core TO backtest_service;
        GRANT SELECT, INSERT, UPDATE ON backtest.runs TO backtest_service;
        GRANT SELECT, INSERT ON backtest.run_events TO backtest_service;
        GRANT SELECT ON ALL TABLES IN SCHEMA ranking, core TO backtest_service;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ranking_writer') THEN
        GRANT USAGE ON SCHEMA ranking, core TO ranking_writer;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ranking, core TO ranking_writer;
    END IF;
END
$$;
