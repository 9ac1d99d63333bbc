package com.allocation.backtest.execution;

import com.allocation.backtest.db.DatabaseException;
import com.allocation.backtest.runs.RunError;
import com.allocation.backtest.support.TestStack;
import com.azure.core.exception.HttpResponseException;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FaultsTest {
    private final TestStack stack = TestStack.get();

    @Test
    void database_storage_and_network_faults_are_transient_even_when_wrapped() {
        assertThat(Faults.isTransient(new DatabaseException(new SQLException("connection refused", "08001")))).isTrue();
        assertThat(Faults.isTransient(new HttpResponseException("503", null))).isTrue();
        assertThat(Faults.isTransient(new IllegalStateException(new UncheckedIOException(new IOException("reset"))))).isTrue();
    }

    @Test
    void a_real_storage_refusal_is_named_by_code_and_status_without_its_xml_account_or_request_id() {
        String wrongKey = stack.stack().azurite().connectionString()
            .replaceAll("AccountKey=[^;]+", "AccountKey=" + java.util.Base64.getEncoder().encodeToString(new byte[64]));
        BlobStorageException refused = catchThrowableOfType(() -> new BlobServiceClientBuilder().connectionString(wrongKey)
            .buildClient().getBlobContainerClient("backtest-artifacts").exists(), BlobStorageException.class);
        assertThat(refused.getMessage()).as("the raw exception does carry what must not leak").contains("<?xml", "RequestId");

        RunError error = Faults.transientError(new IllegalStateException("upload failed", refused), 2);

        assertThat(error.code()).isEqualTo(RunError.STORAGE_UNAVAILABLE);
        assertThat(error.text()).isEqualTo("storage.unavailable: attempt 2 failed: storage answered HTTP 403")
            .doesNotContain("devstoreaccount1").doesNotContain("<?xml").doesNotContain("RequestId").doesNotContain("http:");
    }

    @Test
    void a_database_fault_is_named_without_its_sql() {
        RunError error = Faults.transientError(new DatabaseException(
            new SQLException("ERROR: relation \"backtest.secret\" does not exist: SELECT api_key FROM backtest.secret", "42P01")), 1);

        assertThat(error.text()).isEqualTo("database.unavailable: attempt 1 failed: the run database was unavailable");
    }

    @Test
    void a_programming_error_is_named_by_kind_only() {
        RunError error = Faults.internalError(new IllegalStateException("row 12 of SELECT * FROM core.daily_prices"), 3);

        assertThat(error.code()).isEqualTo(RunError.INTERNAL);
        assertThat(error.message()).contains("IllegalStateException").doesNotContain("SELECT");
    }

    @Test
    void programming_errors_are_deterministic_and_not_retried() {
        assertThat(Faults.isTransient(new NullPointerException("x"))).isFalse();
        assertThat(Faults.isTransient(new IllegalArgumentException("bad"))).isFalse();
        assertThat(Faults.isTransient(new ArithmeticException("/ by zero"))).isFalse();
    }
}
