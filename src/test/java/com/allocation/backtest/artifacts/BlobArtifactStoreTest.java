package com.allocation.backtest.artifacts;

import com.allocation.backtest.storage.StorageClients;
import com.allocation.backtest.support.TestStack;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Publishing against real Azurite: streamed files, small and larger than one block. */
class BlobArtifactStoreTest {
    private final TestStack stack = TestStack.get();
    private final BlobArtifactStore store = stack.bean(BlobArtifactStore.class);

    @Test
    void a_file_larger_than_a_block_streams_in_blocks_and_its_size_and_sha256_match_the_blob() throws Exception {
        String prefix = "tests/" + UUID.randomUUID() + "/";
        int rows = 400_000; // about 11 MiB of CSV: three 4 MiB blocks
        Artifact big = new Artifact("big.csv", "text/csv; charset=utf-8", out -> {
            for (int i = 0; i < rows; i++) {
                out.write(("2024-01-01,SYM" + i + ",123.456\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        Artifact small = Artifact.of("small.json", "application/json", "{\"ok\":true}".getBytes());

        List<StoredArtifact> stored = store.publish(prefix, List.of(big, small));

        assertThat(stored).extracting(StoredArtifact::name).containsExactly("big.csv", "small.json", Manifest.NAME);
        var container = stack.bean(StorageClients.class).artifacts();
        for (StoredArtifact file : stored) {
            byte[] blob = container.getBlobClient(prefix + file.name()).downloadContent().toBytes();
            assertThat(blob.length).as(file.name()).isEqualTo(file.size());
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob))).isEqualTo(file.sha256());
            assertThat(container.getBlobClient(prefix + file.name()).getProperties().getContentType()).isEqualTo(file.contentType());
        }
        assertThat(stored.get(0).size()).isGreaterThan(8L * 1024 * 1024);
    }

    @Test
    void with_a_connection_string_a_link_is_a_service_sas_signed_with_the_account_key_and_downloads() throws Exception {
        String prefix = "tests/" + UUID.randomUUID() + "/";
        store.publish(prefix, List.of(Artifact.of("metrics.json", "application/json", "{\"sharpe\":1.5}".getBytes())));

        BlobArtifactStore.ArtifactLink link = store.link(prefix + "metrics.json", "metrics.json");
        HttpResponse<String> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(link.url())).build(),
            HttpResponse.BodyHandlers.ofString());

        assertThat(link.url()).contains("sig=").doesNotContain("skoid=");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo("{\"sharpe\":1.5}");
    }

    @Test
    void an_attempt_that_is_no_longer_ours_before_its_manifest_writes_none_and_leaves_nothing() {
        String prefix = "tests/" + UUID.randomUUID() + "/attempt-1/";
        List<Artifact> files = List.of(Artifact.of("metrics.json", "application/json", "{}".getBytes()),
            Artifact.of("equity.csv", "text/csv", "date,equity\n".getBytes()));

        var published = store.publish(prefix, files, () -> false);

        assertThat(published).isEmpty();
        var container = stack.bean(StorageClients.class).artifacts();
        assertThat(container.listBlobs(new com.azure.storage.blob.models.ListBlobsOptions().setPrefix(prefix), null))
            .as("files under the stale attempt's folder").isEmpty();
    }
}
