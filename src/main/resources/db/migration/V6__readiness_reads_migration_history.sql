-- /readyz compares the applied migrations with the app's own (Flyway info) on the app's connection,
-- which in Azure is a least-privilege role: it must be able to read the history table. The table holds
-- script names, checksums and timestamps only. Applied only where the role exists, like V2.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'api_service') THEN
        GRANT SELECT ON "${flyway:defaultSchema}"."${flyway:table}" TO api_service;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'backtest_service') THEN
        GRANT SELECT ON "${flyway:defaultSchema}"."${flyway:table}" TO backtest_service;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ranking_writer') THEN
        GRANT SELECT ON "${flyway:defaultSchema}"."${flyway:table}" TO ranking_writer;
    END IF;
END
$$;
