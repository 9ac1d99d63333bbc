package com.allocation.backtest.config;

import com.allocation.backtest.config.InvalidSettingException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableMappingsTest {

    @Test
    void without_overrides_the_three_default_tables_live_under_the_root() {
        List<TableMapping> tables = TableMappings.of("/lake/", null);

        assertThat(tables).extracting(TableMapping::name).containsExactly("ranking_signal", "composite_signal_daily", "daily_prices");
        assertThat(tables.get(2).deltaLocation()).isEqualTo("/lake/daily_prices");
        assertThat(tables.get(2).postgresTable()).isEqualTo("core.daily_prices");
    }

    @Test
    void an_override_moves_a_table_and_renames_its_delta_columns_while_the_postgres_table_stays() {
        TableMapping prices = TableMappings.of("/lake", "daily_prices.delta_location=/other/prices; "
                + "daily_prices.partition_column=ym; daily_prices.columns=ym:year_month,date:as_of_date,ticker:symbol,px:close")
            .get(2);

        assertThat(prices.deltaLocation()).isEqualTo("/other/prices");
        assertThat(prices.partitionColumn()).isEqualTo("ym");
        assertThat(prices.postgresPartitionColumn()).isEqualTo("year_month");
        assertThat(prices.columns()).contains(new ColumnMapping("px", "close"), new ColumnMapping("ticker", "symbol"));
        assertThat(prices.postgresTable()).isEqualTo("core.daily_prices");
    }

    @Test
    void renaming_only_the_partition_column_keeps_it_landing_in_year_month() {
        TableMapping composite = TableMappings.of("/lake", "composite_signal_daily.partition_column=month").get(1);

        assertThat(composite.partitionColumn()).isEqualTo("month");
        assertThat(composite.postgresPartitionColumn()).isEqualTo("year_month");
    }

    @Test
    void a_bad_override_fails_at_start_up_naming_the_setting_and_the_entry() {
        assertThatThrownBy(() -> new SignalSettings("/lake", true, false, null, null, "prices.delta_location=/x"))
            .isInstanceOf(InvalidSettingException.class).hasMessageContaining("SIGNALS_TABLE_OVERRIDES")
            .hasMessageContaining("prices");
        assertThatThrownBy(() -> SignalSettings.fromEnvironment(Map.of("DELTA_ROOT", "/lake",
            "SIGNALS_TABLE_OVERRIDES", "daily_prices.location=/x")))
            .isInstanceOf(InvalidSettingException.class).hasMessageContaining("unknown key 'location'");
        assertThatThrownBy(() -> SignalSettings.fromEnvironment(Map.of("DELTA_ROOT", "/lake",
            "SIGNALS_TABLE_OVERRIDES", "daily_prices.columns=as_of_date,symbol,close")))
            .as("the partition column must be copied").isInstanceOf(InvalidSettingException.class)
            .hasMessageContaining("partition column");
    }

    @Test
    void an_override_moves_the_postgres_table_and_names_the_columns_that_play_each_part() {
        TableMapping prices = TableMappings.of(null, "daily_prices.postgres_table=market.eod;"
            + "daily_prices.columns=year_month:month,as_of_date:trade_date,symbol:ticker,close:px").get(2);

        assertThat(prices.postgresTable()).isEqualTo("market.eod");
        assertThat(prices.deltaLocation()).as("replication is off without a root").isNull();
        assertThat(TableMappings.postgresColumn(prices, "close")).isEqualTo("px");
        assertThat(TableMappings.postgresColumn(prices, "as_of_date")).isEqualTo("trade_date");
        assertThat(prices.postgresPartitionColumn()).isEqualTo("month");
        assertThat(TableMappings.postgresColumn(TableMappings.of(null, null).get(0), "signal_name")).isEqualTo("signal_name");
    }

    @Test
    void overrides_that_would_make_the_loader_guess_or_inject_fail_at_start_up() {
        assertThatThrownBy(() -> SignalSettings.fromEnvironment(Map.of(
            "SIGNALS_TABLE_OVERRIDES", "daily_prices.postgres_table=core.prices; DROP TABLE x")))
            .as("validated also without DELTA_ROOT").isInstanceOf(InvalidSettingException.class)
            .hasMessageContaining("SIGNALS_TABLE_OVERRIDES");
        assertThatThrownBy(() -> TableMappings.of("/lake", "daily_prices.postgres_table=core.prices\" --"))
            .hasMessageContaining("lowercase SQL identifier");
        assertThatThrownBy(() -> TableMappings.of("/lake", "daily_prices.postgres_table=prices"))
            .hasMessageContaining("schema.table");
        assertThatThrownBy(() -> TableMappings.of("/lake", "daily_prices.postgres_table=Core.Prices"))
            .hasMessageContaining("lowercase SQL identifier");
        assertThatThrownBy(() -> TableMappings.of("/lake", "composite_signal_daily.postgres_table=core.daily_prices"))
            .hasMessageContaining("two tables to one Postgres table");
        assertThatThrownBy(() -> TableMappings.of("/lake", "daily_prices.columns=year_month,as_of_date,close,symbol,extra"))
            .hasMessageContaining("year_month,as_of_date,symbol,close in this order");
    }

    @Test
    void identifiers_are_quoted_only_after_validation() {
        assertThat(SqlIdentifiers.quoteQualified("market.eod")).isEqualTo("\"market\".\"eod\"");
        assertThat(SqlIdentifiers.quote("order")).isEqualTo("\"order\"");
        assertThatThrownBy(() -> SqlIdentifiers.quote("px\" OR 1=1 --")).isInstanceOf(IllegalArgumentException.class);
    }
}
