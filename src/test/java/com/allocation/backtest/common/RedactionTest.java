package com.allocation.backtest.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {
    @Test
    void abfss_and_https_uris_with_their_account_and_sas_are_replaced() {
        String text = "Delta table prices does not exist at abfss://lake@prodlake.dfs.core.windows.net/core/prices; "
            + "GET https://prodlake.blob.core.windows.net/lake/x?sv=2024&sig=SECRET failed";

        assertThat(Redaction.locations(text))
            .isEqualTo("Delta table prices does not exist at <location>; GET <location> failed")
            .doesNotContain("prodlake").doesNotContain("SECRET");
    }

    @Test
    void a_bare_account_host_is_replaced() {
        assertThat(Redaction.locations("cannot resolve lake@prodlake.dfs.core.windows.net"))
            .isEqualTo("cannot resolve <location>");
    }

    @Test
    void text_without_locations_is_unchanged() {
        assertThat(Redaction.locations("COPY into core.daily_prices partition 2024-01 failed: SQL state 08006"))
            .isEqualTo("COPY into core.daily_prices partition 2024-01 failed: SQL state 08006");
    }
}
