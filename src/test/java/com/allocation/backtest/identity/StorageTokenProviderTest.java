package com.allocation.backtest.identity;

import com.allocation.backtest.config.DeltaStorage;
import com.allocation.backtest.config.SignalSettings;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.azurebfs.AbfsConfiguration;
import org.apache.hadoop.fs.azurebfs.oauth2.AzureADToken;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * hadoop-azure, configured as the app configures it, builds {@link StorageTokenProvider} itself and
 * gets its tokens from the credential handed to {@link DeltaStorage}. (The Delta round trip over
 * those tokens against Azurite is in {@link ManagedIdentityPathTest}.)
 */
class StorageTokenProviderTest {
    private static final String ROOT = "abfss://lake@acct.dfs.core.windows.net/signals";
    private final OffsetDateTime expiry = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(70).truncatedTo(ChronoUnit.SECONDS);
    private final List<TokenRequestContext> requests = new ArrayList<>();
    private final TokenCredential credential = request -> {
        requests.add(request);
        return Mono.just(new AccessToken("token-for-" + String.join(",", request.getScopes()), expiry));
    };

    @Test
    void without_an_account_key_hadoop_azure_uses_the_app_credential_for_storage_tokens() throws Exception {
        Configuration conf = DeltaStorage.hadoopConfiguration(new SignalSettings(ROOT, true, false, null, null), () -> credential);

        assertThat(conf.get("fs.azure.account.auth.type")).isEqualTo("Custom");
        assertThat(conf.get("fs.azure.account.key.acct.dfs.core.windows.net")).isNull();
        AzureADToken token = new AbfsConfiguration(conf, "acct.dfs.core.windows.net").getTokenProvider().getToken();

        assertThat(token.getAccessToken()).isEqualTo("token-for-https://storage.azure.com/.default");
        assertThat(token.getExpiry().toInstant()).isEqualTo(expiry.toInstant());
        assertThat(requests).hasSize(1);
    }

    @Test
    void with_an_account_key_hadoop_azure_uses_shared_key_and_no_credential_is_asked_for() {
        Configuration conf = DeltaStorage.hadoopConfiguration(new SignalSettings(ROOT, true, false, "a2V5", null), () -> {
            throw new AssertionError("a shared key needs no credential");
        });

        assertThat(conf.get("fs.azure.account.auth.type")).isEqualTo("SharedKey");
        assertThat(conf.get("fs.azure.account.key.acct.dfs.core.windows.net")).isEqualTo("a2V5");
    }

    @Test
    void against_the_emulator_abfss_keeps_tls_and_abfs_goes_without() {
        Configuration tls = DeltaStorage.hadoopConfiguration(new SignalSettings(
            "abfss://lake@devstoreaccount1.dfs.core.windows.net/s", true, false, null, "127.0.0.1:10000"), () -> credential);
        Configuration plain = DeltaStorage.hadoopConfiguration(new SignalSettings(
            "abfs://lake@devstoreaccount1.dfs.core.windows.net/s", true, false, "a2V5", "127.0.0.1:10000"), () -> credential);

        assertThat(tls.get("fs.azure.always.use.https")).isEqualTo("true");
        assertThat(plain.get("fs.azure.always.use.https")).isEqualTo("false");
        assertThat(tls.get("fs.azure.fns.account.service.type")).isEqualTo("BLOB");
    }

    @Test
    void a_provider_configured_by_hand_without_a_handed_off_credential_fails_at_initialisation() {
        Configuration conf = new Configuration(false);
        conf.set(StorageTokenProvider.CREDENTIAL_NAME, "nobody");

        assertThatThrownBy(() -> new StorageTokenProvider().initialize(conf, "acct.dfs.core.windows.net"))
            .isInstanceOf(IOException.class).hasMessageContaining("no credential was handed off");
    }
}
