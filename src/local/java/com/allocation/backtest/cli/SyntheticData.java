package com.allocation.backtest.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * Hidden {@code gen-data} command: writes seeded random prices, daily scores and a config for
 * performance measurements. Prices are geometric random walks; scores are noisy momentum so the
 * strategy trades realistically.
 */
@Command(name = "gen-data", hidden = true, mixinStandardHelpOptions = true, version = CommandLines.VERSION,
    description = "Writes prices.csv, scores.csv and config.json of seeded synthetic data into DIR.")
final class SyntheticData implements Callable<Integer> {
    @ParentCommand
    private BacktestCli cli;

    @Spec
    private CommandSpec spec;

    @Option(names = "--symbols", paramLabel = "N", description = "symbols (default ${DEFAULT-VALUE})")
    private int symbols = 500;

    @Option(names = "--days", paramLabel = "D", description = "trading days from 2005-01-03 (default ${DEFAULT-VALUE})")
    private int days = 5040;

    @Option(names = "--out", paramLabel = "DIR", description = "where the files go (default ${DEFAULT-VALUE})")
    private Path dir = Path.of("target/gen-data");

    @Option(names = "--seed", paramLabel = "S", description = "random seed (default ${DEFAULT-VALUE})")
    private long seed = 7;

    @Override
    public Integer call() throws IOException {
        CommandLines.positive(spec, "--symbols", symbols);
        CommandLines.positive(spec, "--days", days);
        Files.createDirectories(dir);

        LocalDate[] dates = weekdays(LocalDate.of(2005, 1, 3), days);
        SplittableRandom random = new SplittableRandom(seed);
        double[] price = new double[symbols];
        double[] drift = new double[symbols];
        double[] vol = new double[symbols];
        double[] momentum = new double[symbols];
        for (int s = 0; s < symbols; s++) {
            price[s] = 10 + 190 * random.nextDouble();
            drift[s] = 0.0004 * (random.nextDouble() - 0.4);
            vol[s] = 0.006 + 0.02 * random.nextDouble();
        }
        try (BufferedWriter prices = Files.newBufferedWriter(dir.resolve("prices.csv"), StandardCharsets.US_ASCII);
             BufferedWriter scores = Files.newBufferedWriter(dir.resolve("scores.csv"), StandardCharsets.US_ASCII)) {
            prices.write("date,symbol,close\n");
            scores.write("date,symbol,score\n");
            for (LocalDate date : dates) {
                String iso = date.toString();
                for (int s = 0; s < symbols; s++) {
                    double r = drift[s] + vol[s] * gaussian(random);
                    price[s] *= Math.exp(r);
                    momentum[s] = 0.98 * momentum[s] + r;
                    String symbol = symbol(s);
                    prices.write(iso + "," + symbol + "," + fixed(price[s], 10_000) + "\n");
                    scores.write(iso + "," + symbol + "," + fixed(momentum[s] + 0.01 * gaussian(random), 1_000_000)
                            + "\n");
                }
            }
        }
        Files.writeString(dir.resolve("config.json"), """
                {"name":"Synthetic top 50","start":"%s","end":"%s","selection":{"top_n":50},
                 "weighting":{"scheme":"inverse_vol","lookback_days":63},
                 "costs":{"commission_bps":5,"slippage_bps":5},"benchmark":"%s"}
                """.formatted(dates[Math.min(63, days / 2)], dates[days - 1], symbol(0)));
        cli.out.println("wrote " + (long) symbols * days + " price rows and as many score rows to " + dir);
        return BacktestCli.OK;
    }

    static String symbol(int s) {
        return "S" + String.format(Locale.ROOT, "%04d", s);
    }

    /** Fixed-point text with {@code scale} = 10^decimals; String.format would dominate the run time. */
    private static String fixed(double value, long scale) {
        long units = Math.round(value * scale);
        String sign = units < 0 ? "-" : "";
        units = Math.abs(units);
        String fraction = Long.toString(scale + units % scale).substring(1);
        return sign + units / scale + "." + fraction;
    }

    private static LocalDate[] weekdays(LocalDate first, int count) {
        LocalDate[] dates = new LocalDate[count];
        LocalDate d = first;
        for (int i = 0; i < count; i++) {
            while (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
                d = d.plusDays(1);
            }
            dates[i] = d;
            d = d.plusDays(1);
        }
        return dates;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
