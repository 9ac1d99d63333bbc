package com.allocation.backtest.cli;

import com.allocation.backtest.engine.data.PriceTableBuilder;
import com.allocation.backtest.engine.data.ScoreTableBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/** Reads the CLI's price and score files into the engine's builders, reporting every bad row by file and line. */
final class CsvInputs {
    private CsvInputs() {
    }

    static void readPrices(Path file, PriceTableBuilder prices, InputProblems problems) throws IOException {
        read(file, new String[]{"date", "symbol", "close"}, problems, (row, line, columns) -> {
            int day = date(row, columns[0], file, line, problems);
            boolean symbolOk = symbol(row, columns[1], file, line, problems);
            double close = row.number(columns[2]);
            if (!(close > 0) || Double.isInfinite(close)) {
                problems.add(where(file, line) + "close '" + row.text(columns[2]) + "' must be a positive number");
                return;
            }
            if (day != Integer.MIN_VALUE && symbolOk) {
                prices.add(day, row.symbol(columns[1]), close);
            }
        });
    }

    /** Empty and NaN scores are kept: such rows exist but are never eligible. */
    static void readScores(Path file, ScoreTableBuilder scores, InputProblems problems) throws IOException {
        read(file, new String[]{"date", "symbol", "score"}, problems, (row, line, columns) -> {
            int day = date(row, columns[0], file, line, problems);
            boolean symbolOk = symbol(row, columns[1], file, line, problems);
            double score = row.number(columns[2]);
            if (Double.isNaN(score) && !row.isEmpty(columns[2]) && !row.isNumeric(columns[2])) {
                problems.add(where(file, line) + "score '" + row.text(columns[2])
                        + "' must be a number, NaN or empty");
                return;
            }
            if (day != Integer.MIN_VALUE && symbolOk) {
                scores.add(day, row.symbol(columns[1]), score);
            }
        });
    }

    private interface Row {
        void accept(CsvRowReader row, long line, int[] columns);
    }

    private static void read(Path file, String[] required, InputProblems problems, Row handler) throws IOException {
        int[] columns = new int[required.length];
        int[] width = new int[1];
        boolean hasHeader = new CsvRowReader().read(file, new CsvRowReader.RowHandler() {
            @Override
            public boolean header(String[] names) {
                width[0] = names.length;
                boolean complete = true;
                for (int c = 0; c < required.length; c++) {
                    columns[c] = Arrays.asList(names).indexOf(required[c]);
                    if (columns[c] < 0) {
                        problems.add(where(file, 1) + "missing column '" + required[c] + "' (header must contain "
                                + String.join(",", required) + " in any order)");
                        complete = false;
                    }
                }
                return complete;
            }

            @Override
            public void row(CsvRowReader row, long line) {
                if (row.fieldCount() != width[0]) {
                    problems.add(where(file, line) + "expected " + width[0] + " fields, found " + row.fieldCount());
                    return;
                }
                handler.accept(row, line, columns);
            }
        });
        if (!hasHeader) {
            problems.add(file.getFileName() + ": is empty; expected the header " + String.join(",", required));
        }
    }

    static String where(Path file, long line) {
        return file.getFileName() + ":" + line + ": ";
    }

    private static int date(CsvRowReader row, int column, Path file, long line, InputProblems problems) {
        int day = row.epochDay(column);
        if (day == Integer.MIN_VALUE) {
            problems.add(where(file, line) + "date '" + row.text(column) + "' must be an ISO date YYYY-MM-DD");
        }
        return day;
    }

    private static boolean symbol(CsvRowReader row, int column, Path file, long line, InputProblems problems) {
        if (row.isSymbol(column)) {
            return true;
        }
        problems.add(where(file, line) + "symbol '" + row.text(column) + "' must match [A-Z0-9._-]{1,20}");
        return false;
    }
}
