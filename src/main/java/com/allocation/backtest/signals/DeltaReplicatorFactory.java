package com.allocation.backtest.signals;

import com.allocation.backtest.config.DeltaStorage;
import com.allocation.backtest.config.InvalidSettingException;
import com.allocation.backtest.config.SignalSettings;
import com.allocation.backtest.config.TableMapping;
import com.allocation.backtest.signals.delta.DeltaTableReader;
import com.allocation.backtest.signals.postgres.BeforeCommit;
import com.allocation.backtest.signals.postgres.CopyFormat;
import com.allocation.backtest.signals.postgres.PartitionWriter;
import com.allocation.backtest.signals.postgres.SyncStateStore;
import com.azure.core.credential.TokenCredential;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds a {@link DeltaReplicator} and its parts (Kernel engine, reader, table mappings) from the
 * settings; the function app, the CLI and the tests build it the same way.
 */
public final class DeltaReplicatorFactory {
    private final SignalSettings settings;
    private final Engine engine;
    private final List<TableMapping> tables;

    /** For local roots and shared keys: no Azure credential. */
    public DeltaReplicatorFactory(SignalSettings settings) {
        this(settings, () -> {
            throw new InvalidSettingException(SignalSettings.ACCOUNT_KEY, "is not set, and no Azure credential was given for "
                + SignalSettings.DELTA_ROOT);
        });
    }

    /** @param credential asked only when {@code DELTA_ROOT} is on Azure storage without an account key */
    public DeltaReplicatorFactory(SignalSettings settings, Supplier<TokenCredential> credential) {
        this.settings = settings;
        this.engine = DefaultEngine.create(DeltaStorage.hadoopConfiguration(settings, credential));
        this.tables = settings.tables();
    }

    public Engine engine() {
        return engine;
    }

    public List<TableMapping> tables() {
        return tables;
    }

    public DeltaTableReader reader() {
        return new DeltaTableReader(engine);
    }

    /** One table at a time. */
    public DeltaReplicator replicator(DataSource dataSource, Clock clock) {
        return replicator(dataSource, clock, 1);
    }

    /** Up to {@code parallelism} tables at once, each holding one connection of {@code dataSource}. */
    public DeltaReplicator replicator(DataSource dataSource, Clock clock, int parallelism) {
        return replicator(dataSource, clock, CopyFormat.BINARY, BeforeCommit.NONE, parallelism);
    }

    public DeltaReplicator replicator(DataSource dataSource, Clock clock, CopyFormat format, BeforeCommit beforeCommit) {
        return replicator(dataSource, clock, format, beforeCommit, 1);
    }

    private DeltaReplicator replicator(DataSource dataSource, Clock clock, CopyFormat format, BeforeCommit beforeCommit,
                                       int parallelism) {
        DeltaTableReader reader = reader();
        SyncStateStore state = new SyncStateStore();
        PartitionWriter writer = new PartitionWriter(reader, state, format, settings.verifyCounts(), beforeCommit, clock);
        return new DeltaReplicator(tables, dataSource, reader, writer, state, settings.writeRequired(), clock, parallelism);
    }
}
