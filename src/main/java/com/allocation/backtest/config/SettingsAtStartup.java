package com.allocation.backtest.config;

import com.allocation.backtest.telemetry.TelemetrySettings;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;

/**
 * Binds and validates every settings record when the context starts, so a malformed setting stops
 * the host with a message naming it, even though the clients built from those settings (storage,
 * Delta Lake) are created on first use. Nothing here opens a connection or loads a client library:
 * eager work is what a cold start pays before its first request. First among the eager beans, so
 * a bad setting stops the start before the connection pool exists.
 */
@Context
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SettingsAtStartup {
    public SettingsAtStartup(PostgresSettings postgres, StorageSettings storage, SignalSettings signals, RunSettings runs,
                             ExecutionLimits execution, SubmissionLimits submissions, ReadinessSettings readiness,
                             CredentialSettings credential, LogSettings log, TelemetrySettings telemetry) {
        // Binding them is the validation: each record checks its values in its constructor.
    }
}
