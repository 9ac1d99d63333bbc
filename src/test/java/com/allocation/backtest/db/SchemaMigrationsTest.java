package com.allocation.backtest.db;

import com.allocation.backtest.support.Sql;
import com.allocation.backtest.support.TestStack;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.inject.qualifiers.Qualifiers;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each test migrates its own freshly created, empty database on the test cluster. */
class SchemaMigrationsTest {
    private final TestStack stack = TestStack.get();
    private final Sql sql = stack.sql();
    private final List<String> databases = new ArrayList<>();

    @AfterEach
    void dropDatabases() {
        databases.forEach(name -> sql.update("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
    }

    @Test
    void the_migrations_apply_on_an_empty_database_and_then_again_as_a_no_op() throws Exception {
        PGSimpleDataSource empty = freshDatabase();

        MigrateResult first = SchemaMigrations.migrate(empty);
        MigrateResult second = SchemaMigrations.migrate(empty);

        assertThat(first.migrationsExecuted).isEqualTo(migrationFiles()).isPositive();
        assertThat(second.migrationsExecuted).isZero();
        assertThat(second.targetSchemaVersion).isNull();
        assertThat(SchemaMigrations.flyway(empty).info().pending()).isEmpty();
    }

    @Test
    void the_migrations_create_every_table_the_design_names() throws Exception {
        PGSimpleDataSource empty = freshDatabase();

        SchemaMigrations.migrate(empty);

        assertThat(tables(empty)).contains("backtest.runs", "backtest.run_events", "ranking.ranking_signal",
            "ranking.composite_signal_daily", "ranking.signal_sync_state", "core.daily_prices");
    }

    @Test
    void the_status_column_rejects_a_state_outside_the_state_machine() throws Exception {
        PGSimpleDataSource empty = freshDatabase();
        SchemaMigrations.migrate(empty);

        assertThatThrownBy(() -> execute(empty, "INSERT INTO backtest.runs (run_id, run_name, status, config, config_sha256, "
            + "submitted_at, updated_at, artifacts_prefix) VALUES (gen_random_uuid(), 'x', 'paused', '{}', 'x', now(), now(), 'p')"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("runs_status_check");
    }

    @Test
    void the_api_role_gets_least_privilege_grants_when_it_exists() throws Exception {
        sql.update("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'api_service') "
            + "THEN CREATE ROLE api_service NOLOGIN; END IF; END $$");
        PGSimpleDataSource empty = freshDatabase();

        SchemaMigrations.migrate(empty);

        assertThat(privilege(empty, "backtest.runs", "INSERT")).isTrue();
        assertThat(privilege(empty, "backtest.runs", "DELETE")).isFalse();
        assertThat(privilege(empty, "core.daily_prices", "SELECT")).isTrue();
        assertThat(privilege(empty, "core.daily_prices", "UPDATE")).isFalse();
        assertThat(privilege(empty, "public.flyway_schema_history", "SELECT")).as("readiness reads the history").isTrue();
        assertThat(privilege(empty, "public.flyway_schema_history", "INSERT")).isFalse();
    }

    @Test
    void an_application_starting_on_an_empty_database_migrates_it_through_micronaut_flyway() throws Exception {
        PGSimpleDataSource empty = freshDatabase();

        try (ApplicationContext context = startAppOn(empty.getDatabaseName())) {
            assertThat(context.findBean(Flyway.class, Qualifiers.byName(SchemaMigrations.CONFIGURATION)))
                .as("FlywayMigrator registers the Flyway it ran").isPresent();
            assertThat(SchemaMigrations.flyway(empty).info().pending()).isEmpty();
            assertThat(tables(empty)).contains("backtest.runs", "ranking.signal_sync_state");
        }
    }

    @Test
    void a_database_missing_at_start_does_not_stop_the_application_and_the_next_attempt_migrates_it() throws Exception {
        String name = newDatabaseName();

        try (ApplicationContext context = startAppOn(name)) {
            databases.add(name);
            sql.update("CREATE DATABASE " + name);
            PGSimpleDataSource created = dataSource(name);
            assertThat(tables(created)).doesNotContain("backtest.runs");

            context.getBean(SchemaMigrations.class).ensureCurrent();

            assertThat(SchemaMigrations.flyway(created).info().pending()).isEmpty();
            assertThat(tables(created)).contains("backtest.runs");
        }
    }

    private ApplicationContext startAppOn(String database) {
        String dsn = "postgresql://postgres:postgres@127.0.0.1:" + stack.stack().postgres().port() + "/" + database;
        return ApplicationContext.builder().environments(Environment.AZURE).deduceEnvironment(false)
            .properties(Map.of("postgres.dsn", dsn, "storage.connection-string", stack.stack().azurite().connectionString(),
                "backtest.migrate-on-startup", true))
            .start();
    }

    private static String newDatabaseName() {
        return "migrations_" + UUID.randomUUID().toString().replace("-", "");
    }

    private PGSimpleDataSource freshDatabase() {
        String name = newDatabaseName();
        sql.update("CREATE DATABASE " + name);
        databases.add(name);
        return dataSource(name);
    }

    private PGSimpleDataSource dataSource(String name) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl("jdbc:postgresql://127.0.0.1:" + stack.stack().postgres().port() + "/" + name);
        dataSource.setUser("postgres");
        dataSource.setPassword("postgres");
        return dataSource;
    }

    private static int migrationFiles() throws IOException {
        Path directory = Path.of(System.getProperty("backtest.project.dir", "."), "src/main/resources/db/migration");
        try (Stream<Path> files = Files.list(directory)) {
            return (int) files.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }

    private static List<String> tables(PGSimpleDataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT table_schema || '.' || table_name FROM information_schema.tables")) {
            List<String> tables = new ArrayList<>();
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
            return tables;
        }
    }

    private static boolean privilege(PGSimpleDataSource dataSource, String table, String privilege) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT has_table_privilege('api_service', '" + table + "', '" + privilege + "')")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static void execute(PGSimpleDataSource dataSource, String statementText) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(statementText);
        }
    }
}
