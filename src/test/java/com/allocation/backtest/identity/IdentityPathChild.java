package com.allocation.backtest.identity;

import com.allocation.backtest.artifacts.Artifact;
import com.allocation.backtest.artifacts.BlobArtifactStore;
import com.allocation.backtest.common.Json;
import com.allocation.backtest.config.DataSourceFactory;
import com.allocation.backtest.config.SignalSettings;
import com.allocation.backtest.db.Database;
import com.allocation.backtest.health.ReadinessProbe;
import com.allocation.backtest.hosting.FunctionApplication;
import com.allocation.backtest.signals.ConfiguredReplication;
import com.allocation.backtest.signals.DeltaReplicatorFactory;
import com.allocation.backtest.signals.ReplicationSummary;
import com.allocation.backtest.signals.TableSyncResult;
import com.allocation.backtest.signals.delta.DeltaTableReader;
import com.allocation.backtest.signals.fixtures.DeltaFixtureWriter;
import com.allocation.backtest.signals.fixtures.SignalSeeder;
import com.allocation.backtest.storage.StorageClients;
import com.azure.core.credential.TokenCredential;
import com.azure.storage.queue.models.QueueMessageItem;
import io.micronaut.context.ApplicationContext;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The function app in a JVM of its own, configured only by environment variables as in Azure (no
 * connection string, no account key, no password), exercising every identity path once: queue,
 * artifacts and their link, both PostgreSQL pools, and a Delta round trip replicated into
 * PostgreSQL. Prints one {@code RESULT {json}} line for {@link ManagedIdentityPathTest}.
 *
 * <p>Args: a nonce for the queue message and blob names, the blob container for the Delta tables.
 */
public final class IdentityPathChild {
    private IdentityPathChild() {
    }

    public static void main(String[] args) throws Exception {
        String nonce = args[0];
        String lakeContainer = args[1];
        Map<String, Object> result = new LinkedHashMap<>();
        ApplicationContext context = FunctionApplication.start(Map.of());
        try {
            StorageClients storage = context.getBean(StorageClients.class);
            storage.runQueue().sendMessage(nonce);
            QueueMessageItem message = storage.runQueue().receiveMessage();
            result.put("queue_message", message == null ? null : message.getBody().toString());
            storage.runQueue().deleteMessage(message.getMessageId(), message.getPopReceipt());

            BlobArtifactStore store = context.getBean(BlobArtifactStore.class);
            String prefix = "identity/" + nonce + "/";
            store.publish(prefix, List.of(Artifact.of("hello.txt", "text/plain", ("hello " + nonce).getBytes(StandardCharsets.UTF_8))));
            result.put("blob_url", storage.artifacts().getBlobClient(prefix + "hello.txt").getBlobUrl());
            result.put("link_url", store.link(prefix + "hello.txt", "hello.txt").url());

            result.put("pool_user", currentUser(context.getBean(Database.class).dataSource()));
            result.put("probe_user", currentUser(context.getBean(DataSourceFactory.ProbeConnection.class).dataSource()));

            storage.blobService().getBlobContainerClient(lakeContainer).createIfNotExists();
            SignalSettings signals = context.getBean(SignalSettings.class);
            DeltaReplicatorFactory lake = new DeltaReplicatorFactory(signals, () -> context.getBean(TokenCredential.class));
            Map<String, Long> seeded = new SignalSeeder(new DeltaFixtureWriter(lake.engine()), new DeltaTableReader(lake.engine()),
                new PrintStream(System.err, true, StandardCharsets.UTF_8)).seed(signals.requireDeltaRoot(), 4, 45, 11L);
            result.put("delta_rows_seeded", seeded);
            ReplicationSummary summary = context.getBean(ConfiguredReplication.class).replicateAll();
            Map<String, Object> replicated = new LinkedHashMap<>();
            for (TableSyncResult table : summary.tables()) {
                replicated.put(table.table(), table.failed() ? "failed: " + table.error() : table.rowsWritten());
            }
            result.put("replicated_rows", replicated);
            result.put("readiness", context.getBean(ReadinessProbe.class).check());
        } finally {
            System.out.println("RESULT " + Json.mapper().writeValueAsString(result));
            System.out.flush();
            FunctionApplication.stop();
        }
    }

    private static String currentUser(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
