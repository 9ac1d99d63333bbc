package com.allocation.backtest.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CsvRowReaderTest {
    @TempDir
    Path dir;

    @Test
    void parses_numbers_exactly_like_the_jdk() throws IOException {
        Random random = new Random(1);
        List<String> texts = new ArrayList<>(List.of("0.1", "123.4567", "-0.000001", "1e-5", "9007199254740993",
                "0.30000000000000004", "1.7976931348623157E308", "12345678901234567890.5", "+3.25"));
        for (int i = 0; i < 2000; i++) {
            texts.add(String.format(java.util.Locale.ROOT, "%." + random.nextInt(12) + "f", random.nextDouble() * 1e4));
        }
        Path file = dir.resolve("n.csv");
        Files.writeString(file, "value\n" + String.join("\n", texts) + "\n");
        List<Double> parsed = new ArrayList<>();

        new CsvRowReader().read(file, handler(row -> parsed.add(row.number(0))));

        assertThat(parsed).containsExactlyElementsOf(texts.stream().map(Double::parseDouble).toList());
    }

    @Test
    void parses_dates_like_local_date_and_rejects_impossible_ones() throws IOException {
        Path file = dir.resolve("d.csv");
        Files.writeString(file, "date\r\n1999-12-31\r\n2024-02-29\r\n2023-02-29\r\n\r\n2024-1-01\r\n");
        List<Integer> days = new ArrayList<>();

        new CsvRowReader().read(file, handler(row -> days.add(row.epochDay(0))));

        assertThat(days).containsExactly((int) LocalDate.parse("1999-12-31").toEpochDay(),
                (int) LocalDate.parse("2024-02-29").toEpochDay(), Integer.MIN_VALUE, Integer.MIN_VALUE);
    }

    @Test
    void reads_lines_that_straddle_the_read_buffer_boundary() throws IOException {
        StringBuilder text = new StringBuilder("date,symbol,close\n");
        int rows = 120_000; // about 3 MB: several buffer refills, each cutting a line
        for (int i = 0; i < rows; i++) {
            text.append("2024-01-02,S").append(i).append(',').append(i).append(".25\n");
        }
        Path file = dir.resolve("big.csv");
        Files.writeString(file, text);
        List<Double> closes = new ArrayList<>();

        new CsvRowReader().read(file, handler(row -> closes.add(row.number(2))));

        assertThat(closes).hasSize(rows);
        for (int i = 0; i < rows; i++) {
            assertThat(closes.get(i)).isEqualTo(i + 0.25);
        }
    }

    @Test
    void tolerates_a_byte_order_mark_quotes_blanks_and_cr_lf() throws IOException {
        Path file = dir.resolve("excel.csv");
        Files.write(file, ("\uFEFF\"date\", symbol ,close\r\n\"2024-01-02\", AAA , 10.5 \r\n").getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        List<String> header = new ArrayList<>();
        List<String> fields = new ArrayList<>();

        new CsvRowReader().read(file, new CsvRowReader.RowHandler() {
            @Override
            public boolean header(String[] names) {
                header.addAll(List.of(names));
                return true;
            }

            @Override
            public void row(CsvRowReader row, long line) {
                fields.add(row.text(0));
                fields.add(row.symbol(1));
                fields.add(Double.toString(row.number(2)));
            }
        });

        assertThat(header).containsExactly("date", "symbol", "close");
        assertThat(fields).containsExactly("2024-01-02", "AAA", "10.5");
    }

    private static CsvRowReader.RowHandler handler(java.util.function.Consumer<CsvRowReader> rows) {
        return new CsvRowReader.RowHandler() {
            @Override
            public boolean header(String[] names) {
                return true;
            }

            @Override
            public void row(CsvRowReader row, long line) {
                rows.accept(row);
            }
        };
    }
}
