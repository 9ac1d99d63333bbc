package com.allocation.backtest.engine.data;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableBuildersTest {
    @Test
    void prices_spanning_many_chunks_land_in_their_cells() {
        PriceTableBuilder builder = new PriceTableBuilder();
        int days = 2_000;
        int symbols = 400; // 800,000 rows: several storage chunks
        for (int t = days - 1; t >= 0; t--) {
            for (int s = 0; s < symbols; s++) {
                if ((t + s) % 7 != 0) {
                    builder.add(10_000 + 2 * t, "S" + (1000 + s), t + s / 1000.0 + 1);
                }
            }
        }

        PriceTable table = builder.build();

        assertThat(table.dateCount()).isEqualTo(days);
        assertThat(table.dates()[0]).isEqualTo(10_000);
        assertThat(table.dates()[days - 1]).isEqualTo(10_000 + 2 * (days - 1));
        assertThat(table.symbols()[0]).isEqualTo("S1000");
        assertThat(table.closes(5)[101]).isEqualTo(101 + 5 / 1000.0 + 1);
        assertThat(table.closes(2)[5]).isNaN();
    }

    @Test
    void symbols_are_sorted_whatever_the_arrival_order() {
        PriceTableBuilder builder = new PriceTableBuilder();
        builder.add(1, "MSFT", 2);
        builder.add(1, "AAPL", 1);
        builder.add(2, "BRK.B", 3);

        PriceTable table = builder.build();

        assertThat(table.symbols()).containsExactly("AAPL", "BRK.B", "MSFT");
        assertThat(table.closes(table.symbolIndex("MSFT"))).containsExactly(2, Double.NaN);
    }

    @Test
    void dates_far_apart_still_form_a_sorted_axis() {
        PriceTableBuilder builder = new PriceTableBuilder();
        builder.add(30_000_000, "A", 2);
        builder.add(-5, "A", 1);

        assertThat(builder.build().dates()).containsExactly(-5, 30_000_000);
    }

    @Test
    void a_duplicate_price_row_is_rejected() {
        PriceTableBuilder builder = new PriceTableBuilder();
        builder.add(19_000, "A", 1);
        builder.add(19_000, "A", 2);

        assertThatThrownBy(builder::build).isInstanceOf(DuplicateRowException.class)
                .hasMessage("prices: more than one row for A on 2022-01-08");
    }

    @Test
    void a_non_positive_close_is_refused() {
        assertThatThrownBy(() -> new PriceTableBuilder().add(1, "A", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PriceTableBuilder().add(1, "A", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scores_are_grouped_by_date_and_found_by_the_latest_date_on_or_before() {
        ScoreTableBuilder builder = new ScoreTableBuilder();
        builder.add(20, "B", 2);
        builder.add(10, "A", 1);
        builder.add(20, "A", Double.NaN);

        ScoreTable table = builder.build();

        assertThat(table.dates()).containsExactly(10, 20);
        assertThat(table.latestDateAtOrBefore(9)).isEqualTo(-1);
        assertThat(table.latestDateAtOrBefore(15)).isEqualTo(0);
        assertThat(table.latestDateAtOrBefore(20)).isEqualTo(1);
        assertThat(table.rowEnd(1) - table.rowStart(1)).isEqualTo(2);
        assertThat(table.symbols()[table.symbolOfRow(table.rowStart(1))]).isEqualTo("B");
        assertThat(table.scoreOfRow(table.rowStart(1) + 1)).isNaN();
    }

    @Test
    void a_duplicate_score_row_is_rejected() {
        ScoreTableBuilder builder = new ScoreTableBuilder();
        builder.add(19_000, "A", 1);
        builder.add(19_000, "A", 1);

        assertThatThrownBy(builder::build).isInstanceOf(DuplicateRowException.class).hasMessageStartingWith("scores:");
    }
}
