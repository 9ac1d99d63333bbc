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
    void parsesNumbersExactlyLikeTheJdk() throws IOException {
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
    void parsesDatesLikeLocalDateAndRejectsImpossibleOnes() throws IOException {
        Path file = dir.resolve("d.csv");
        Files.writeString(file, "date\r\n1999-12-31\r\n2024-02-29\r\n2023-02-29\r\n\r\n2024-1-01\r\n");
        List<Integer> days = new ArrayList<>();

        new CsvRowReader().read(file, handler(row -> days.add(row.epochDay(0))));

        assertThat(days).containsExactly((int) LocalDate.parse("1999-12-31").toEpochDay(),
                (int) LocalDate.parse("2024-02-29").toEpochDay(), Integer.MIN_VALUE, Integer.MIN_VALUE);
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
