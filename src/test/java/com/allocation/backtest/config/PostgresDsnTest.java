package com.allocation.backtest.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PostgresDsnTest {
    private static final String PASSWORD = "Zq8-unusual-Pw";

    @Test
    void the_libpq_uri_form_yields_a_jdbc_url_without_credentials() {
        PostgresDsn dsn = PostgresDsn.parse("postgresql://alice:" + PASSWORD + "@db.example.com:6432/backtests?sslmode=require");

        assertThat(dsn.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6432/backtests?sslmode=require");
        assertThat(dsn.user()).isEqualTo("alice");
        assertThat(dsn.password()).isEqualTo(PASSWORD);
    }

    @Test
    void percent_encoded_credentials_in_the_uri_are_decoded() {
        PostgresDsn dsn = PostgresDsn.parse("postgresql://al%40ice:p%40ss%3Aword@host/db");

        assertThat(dsn.user()).isEqualTo("al@ice");
        assertThat(dsn.password()).isEqualTo("p@ss:word");
    }

    @Test
    void the_short_postgres_scheme_is_accepted() {
        assertThat(PostgresDsn.parse("postgres://u:p@host:5432/db").jdbcUrl()).isEqualTo("jdbc:postgresql://host:5432/db");
    }

    @Test
    void the_jdbc_form_takes_credentials_from_its_query_and_keeps_the_other_parameters() {
        PostgresDsn dsn = PostgresDsn.parse("jdbc:postgresql://host/db?user=bob&password=" + PASSWORD + "&sslmode=verify-full");

        assertThat(dsn.jdbcUrl()).isEqualTo("jdbc:postgresql://host/db?sslmode=verify-full");
        assertThat(dsn.user()).isEqualTo("bob");
        assertThat(dsn.password()).isEqualTo(PASSWORD);
    }

    @Test
    void the_description_of_a_dsn_masks_the_password() {
        assertThat(PostgresDsn.parse("postgresql://alice:" + PASSWORD + "@host/db").toString())
            .doesNotContain(PASSWORD)
            .contains("***");
    }

    @ParameterizedTest(name = "''{0}'' is reported as not set")
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void a_missing_dsn_is_reported_naming_postgres_dsn(String value) {
        InvalidSettingException error = catchThrowableOfType(() -> PostgresDsn.parse(value), InvalidSettingException.class);

        assertThat(error.setting()).isEqualTo("POSTGRES_DSN");
        assertThat(error.getMessage()).startsWith("POSTGRES_DSN is not set");
    }

    @ParameterizedTest(name = "{0} is malformed")
    @ValueSource(strings = {
        "mysql://alice:" + PASSWORD + "@host/db",
        "postgresql://alice:" + PASSWORD + "@/db",
        "postgresql://alice:" + PASSWORD + "@host",
        "postgresql://alice:" + PASSWORD + "@host/db/extra",
        "postgresql://:" + PASSWORD + "@host/db",
        "postgresql://alice:" + PASSWORD + "@ho st/db",
        "postgresql://alice:" + PASSWORD + "@host:notaport/db",
        "host=db user=alice password=" + PASSWORD,
        "jdbc:postgresql://host/db?password=" + PASSWORD})
    void a_malformed_dsn_is_reported_naming_postgres_dsn_without_echoing_the_password(String value) {
        InvalidSettingException error = catchThrowableOfType(() -> PostgresDsn.parse(value), InvalidSettingException.class);

        assertThat(error).as("rejected").isNotNull();
        assertThat(error.setting()).isEqualTo("POSTGRES_DSN");
        assertThat(error.getMessage()).contains("POSTGRES_DSN").doesNotContain(PASSWORD);
    }
}
