package com.allocation.backtest.signals;

import com.allocation.backtest.db.Database;
import com.allocation.backtest.db.DatabaseException;
import com.allocation.backtest.config.PostgresSettings;
import com.allocation.backtest.config.SignalSettings;
import com.allocation.backtest.signals.postgres.SyncStateStore;
import com.allocation.backtest.signals.status.SignalStatusReader;
import com.allocation.backtest.signals.status.TableStatus;
import com.azure.core.credential.TokenCredential;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The function app's replication as its settings configure it: a {@link DeltaReplicator} when
 * {@code DELTA_ROOT} is set, nothing when it is not. The replication timer calls {@link #replicateAll()}.
 * Built on first use (the timer, or {@code /signals/status}), so Hadoop and Delta Kernel load then
 * and not before the first request of a cold start; its settings are validated at start-up
 * ({@link com.allocation.backtest.config.SettingsAtStartup}).
 */
@Singleton
public class ConfiguredReplication {
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredReplication.class);

    private final DeltaReplicator replicator;
    private final SignalStatusReader status;

    public ConfiguredReplication(SignalSettings settings, PostgresSettings postgres, Database database, Clock clock,
                                 BeanProvider<TokenCredential> credential) {
        if (settings.enabled()) {
            DeltaReplicatorFactory replication = new DeltaReplicatorFactory(settings, credential::get);
            this.replicator = replication.replicator(database.dataSource(), clock, parallelism(postgres));
            this.status = new SignalStatusReader(replication.tables(), database.dataSource(), replication.reader(),
                new SyncStateStore());
        } else {
            LOG.info("signal replication is off: {} is not set", SignalSettings.DELTA_ROOT);
            this.replicator = null;
            this.status = null;
        }
    }

    /** The tables sync side by side, but never on more than half the pool: runs need connections too. */
    static int parallelism(PostgresSettings postgres) {
        return Math.max(1, Math.min(3, postgres.poolSize() / 2));
    }

    public boolean enabled() {
        return replicator != null;
    }

    /**
     * One replication pass; a no-op when replication is off.
     *
     * @throws SignalReplicationException when a table fails and POSTGRES_SIGNALS_WRITE_REQUIRED is true
     */
    public ReplicationSummary replicateAll() {
        return replicator == null ? new ReplicationSummary(List.of()) : replicator.replicateAll();
    }

    /** The commit time of the Delta version each table holds in Postgres; empty when replication is off. */
    public Map<String, Instant> syncedCommitTimes() {
        if (status == null) {
            return Map.of();
        }
        try {
            return status.syncedCommitTimes();
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** Per-table freshness, or empty when replication is off. */
    public Optional<List<TableStatus>> status() {
        if (status == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(status.read());
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }
}
