package com.allocation.backtest.db;

import com.allocation.backtest.cli.CommandLines;
import com.allocation.backtest.config.InvalidSettingException;
import com.allocation.backtest.config.PostgresLogin;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine.Command;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bin/migrate}: applies the Flyway migrations to the database in {@code POSTGRES_DSN}, for
 * deploy pipelines and for hosts that run with {@code BACKTEST_MIGRATE_ON_STARTUP=false}. With
 * {@code POSTGRES_AUTH=entra} it signs in with a token, as the app does; a deploy job without a
 * managed identity gets it from the Azure CLI login (DefaultAzureCredential).
 * Exit codes: 0 applied or already current, 1 migration failed, 2 setting missing or malformed (or a usage error).
 */
@Command(name = "bin/migrate", mixinStandardHelpOptions = true, version = CommandLines.VERSION,
    description = "Applies the Flyway migrations to the database named by POSTGRES_DSN.",
    footerHeading = "%nExit status:%n", footer = {"  0  applied or already current", "  1  migration failed",
        "  2  POSTGRES_DSN or POSTGRES_AUTH missing or malformed, or a usage error"})
public final class MigrateMain implements Callable<Integer> {
    public static void main(String[] args) {
        System.exit(CommandLines.execute(new MigrateMain(), args));
    }

    @Override
    public Integer call() {
        PostgresLogin login;
        try {
            login = PostgresLogin.fromEnvironment(System.getenv());
        } catch (InvalidSettingException e) {
            System.err.println("error: " + e.getMessage());
            return CommandLines.USAGE_ERROR;
        }
        Map<String, String> properties = new HashMap<>(login.properties());
        properties.put("ApplicationName", "bin/migrate");
        try {
            MigrateResult result = Flyway.configure()
                .dataSource(login.jdbcUrl(), login.user(), login.password())
                .jdbcProperties(properties)
                .locations(SchemaMigrations.LOCATION)
                .load()
                .migrate();
            System.out.println("schema is at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted
                + " migration(s) applied)");
            return 0;
        } catch (RuntimeException e) {
            // Flyway messages name the failing script and SQL state, not the connection secret.
            System.err.println("error: migration failed: " + e.getClass().getSimpleName() + ": "
                + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            return 1;
        }
    }
}
