package com.allocation.backtest.execution;

import com.allocation.backtest.db.DatabaseException;
import com.azure.core.exception.HttpResponseException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class FaultsTest {
    @Test
    void database_storage_and_network_faults_are_transient_even_when_wrapped() {
        assertThat(Faults.isTransient(new DatabaseException(new SQLException("connection refused", "08001")))).isTrue();
        assertThat(Faults.isTransient(new HttpResponseException("503", null))).isTrue();
        assertThat(Faults.isTransient(new IllegalStateException(new UncheckedIOException(new IOException("reset"))))).isTrue();
    }

    @Test
    void programming_errors_are_deterministic_and_not_retried() {
        assertThat(Faults.isTransient(new NullPointerException("x"))).isFalse();
        assertThat(Faults.isTransient(new IllegalArgumentException("bad"))).isFalse();
        assertThat(Faults.isTransient(new ArithmeticException("/ by zero"))).isFalse();
    }
}
