package com.allocation.backtest.artifacts;

import com.allocation.backtest.common.Json;
import com.allocation.backtest.engine.BacktestResult;
import com.allocation.backtest.engine.BenchmarkMetrics;
import com.allocation.backtest.engine.MonthlyReturns;
import com.allocation.backtest.engine.PerformanceMetrics;
import com.allocation.backtest.engine.runconfig.BacktestConfig;
import com.allocation.backtest.signals.DataVersions;
import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.TreeMap;

/**
 * report.html: one self-contained page (inline CSS and SVG, no script, no network). The log
 * scale toggle is a CSS-only checkbox so the page works wherever HTML is rendered.
 */
final class HtmlReport {
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
            "Nov", "Dec"};

    private HtmlReport() {
    }

    static Artifact render(BacktestConfig config, BacktestResult result, @Nullable DataVersions versions) {
        PerformanceMetrics m = result.metrics();
        StringBuilder html = new StringBuilder(256 * 1024);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<title>").append(escape(config.name())).append(" · backtest report</title><style>")
                .append(STYLE).append("</style></head><body><main>");
        html.append("<header><div><p class=\"eyebrow\">Backtest report</p><h1>").append(escape(config.name()))
                .append("</h1><p class=\"sub\">").append(m.start()).append(" → ").append(m.end()).append(" · ")
                .append(config.rebalance().jsonName()).append(" rebalance · top ").append(config.topN()).append(' ')
                .append(config.weighting().jsonName().replace('_', '-')).append(" weighted · ")
                .append(config.execution().jsonName().replace('_', ' '));
        if (config.benchmark() != null) {
            html.append(" · vs ").append(escape(config.benchmark()));
        }
        html.append("</p></div></header>");

        html.append("<section class=\"kpis\">");
        kpi(html, "Total return", pct(m.totalReturn()), tone(m.totalReturn()));
        kpi(html, "CAGR", pct(m.cagr()), tone(m.cagr()));
        kpi(html, "Sharpe", ratio(m.sharpe()), "");
        kpi(html, "Max drawdown", pct(m.maxDrawdown()), m.maxDrawdown() < 0 ? "neg" : "");
        kpi(html, "Volatility", pct(m.volatility()), "");
        kpi(html, "Final equity", money(m.finalEquity()), "");
        kpi(html, "Rebalances", Integer.toString(m.nRebalances()), "");
        kpi(html, "Total costs", money(m.totalCosts()), "");
        html.append("</section>");

        appendEquity(html, config, result);
        appendDrawdown(html, result);
        appendHeatmap(html, result.monthlyReturns());

        html.append("<div class=\"columns\"><section class=\"card\"><h2>Metrics</h2><table class=\"metrics\">");
        appendMetricRows(html, m, result.benchmark());
        html.append("</table></section><section class=\"card\"><h2>Config</h2><pre>")
                .append(escape(prettyConfig(config))).append("</pre></section></div>");
        appendDataVersions(html, versions);
        html.append("<footer>Equity starts at ").append(money(config.initialCapital()))
                .append(" on the day before ").append(m.start())
                .append(". Returns are daily; annualised with 252 periods. Charts plot at most 1,500 points per series, keeping every bucket's high and low.</footer>");
        html.append("</main></body></html>");
        return Artifact.of("report.html", "text/html; charset=utf-8", html.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void appendEquity(StringBuilder html, BacktestConfig config, BacktestResult result) {
        double[] benchmark = rebasedBenchmark(config, result);
        int[] benchmarkDays = benchmark == null ? null
                : Arrays.copyOfRange(result.equityDates(), 1, result.equityDates().length);
        html.append("<section class=\"card\"><input type=\"checkbox\" id=\"logscale\" class=\"toggle-input\">")
                .append("<div class=\"card-head\"><h2>Equity</h2><div class=\"legend\"><span class=\"key strategy\"></span>Strategy");
        if (benchmark != null) {
            html.append("<span class=\"key bench\"></span>").append(escape(config.benchmark()));
        }
        html.append("<label for=\"logscale\" class=\"toggle\"><span class=\"knob\"></span>Log scale</label></div></div>");
        for (boolean log : new boolean[]{false, true}) {
            TimeChart chart = new TimeChart(380, log);
            if (benchmark != null) {
                chart.series(benchmarkDays, benchmark, "line bench", false);
            }
            chart.series(result.equityDates(), result.equity(), "line strategy", false);
            html.append("<div class=\"chart ").append(log ? "log" : "lin").append("\">")
                    .append(chart.svg(HtmlReport::compactMoney, false)).append("</div>");
        }
        html.append("</section>");
    }

    private static double[] rebasedBenchmark(BacktestConfig config, BacktestResult result) {
        double[] closes = result.benchmarkCloses();
        if (closes == null) {
            return null;
        }
        double[] rebased = new double[closes.length];
        for (int i = 0; i < closes.length; i++) {
            rebased[i] = config.initialCapital() * closes[i] / closes[0];
        }
        return rebased;
    }

    private static void appendDrawdown(StringBuilder html, BacktestResult result) {
        double[] equity = result.equity();
        double[] drawdown = new double[equity.length];
        double peak = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < equity.length; k++) {
            peak = Math.max(peak, equity[k]);
            drawdown[k] = equity[k] / peak - 1;
        }
        html.append("<section class=\"card\"><div class=\"card-head\"><h2>Drawdown</h2><div class=\"legend\">")
                .append("Longest: ").append(result.metrics().maxDrawdownDurationDays()).append(" days</div></div>")
                .append("<div class=\"chart\">")
                .append(new TimeChart(220, false).series(result.equityDates(), drawdown, "line dd", true)
                        .svg(HtmlReport::axisPct, true))
                .append("</div></section>");
    }

    private static void appendHeatmap(StringBuilder html, MonthlyReturns monthly) {
        TreeMap<Integer, double[]> byYear = new TreeMap<>();
        for (int i = 0; i < monthly.size(); i++) {
            double[] row = byYear.computeIfAbsent(monthly.years()[i], y -> {
                double[] empty = new double[12];
                Arrays.fill(empty, Double.NaN);
                return empty;
            });
            row[monthly.months()[i] - 1] = monthly.returns()[i];
        }
        html.append("<section class=\"card\"><h2>Monthly returns</h2><table class=\"heat\"><thead><tr><th></th>");
        for (String month : MONTHS) {
            html.append("<th>").append(month).append("</th>");
        }
        html.append("<th class=\"year\">Year</th></tr></thead><tbody>");
        for (var entry : byYear.entrySet()) {
            html.append("<tr><th>").append(entry.getKey()).append("</th>");
            double growth = 1;
            for (double r : entry.getValue()) {
                if (Double.isNaN(r)) {
                    html.append("<td class=\"none\"></td>");
                } else {
                    growth *= 1 + r;
                    heatCell(html, r, 0.08, "");
                }
            }
            heatCell(html, growth - 1, 0.30, "year");
            html.append("</tr>");
        }
        html.append("</tbody></table></section>");
    }

    private static void heatCell(StringBuilder html, double r, double fullScale, String cssClass) {
        double strength = Math.min(1, Math.abs(r) / fullScale);
        String rgb = r >= 0 ? "22,163,74" : "220,38,38";
        html.append("<td class=\"").append(cssClass).append("\" style=\"background:rgba(").append(rgb).append(',')
                .append(String.format(Locale.ROOT, "%.2f", 0.08 + 0.72 * strength)).append(");")
                .append(strength > 0.6 ? "color:#fff" : "").append("\">").append(pct1(r)).append("</td>");
    }

    private static void appendMetricRows(StringBuilder html, PerformanceMetrics m, BenchmarkMetrics b) {
        row(html, "Total return", pct(m.totalReturn()));
        row(html, "CAGR", pct(m.cagr()));
        row(html, "Volatility (ann.)", pct(m.volatility()));
        row(html, "Sharpe", ratio(m.sharpe()));
        row(html, "Sortino", ratio(m.sortino()));
        row(html, "Max drawdown", pct(m.maxDrawdown()));
        row(html, "Max drawdown duration", m.maxDrawdownDurationDays() + " days");
        row(html, "Calmar", ratio(m.calmar()));
        row(html, "Hit rate", m.hitRate() == null ? "—" : pct(m.hitRate()));
        row(html, "Best day", pct(m.bestDay()));
        row(html, "Worst day", pct(m.worstDay()));
        row(html, "Turnover (ann.)", pct(m.turnoverAnnual()));
        row(html, "Rebalances", Integer.toString(m.nRebalances()));
        row(html, "Total costs", money(m.totalCosts()));
        row(html, "Final equity", money(m.finalEquity()));
        if (b != null) {
            html.append("<tr class=\"group\"><th colspan=\"2\">Benchmark · ").append(escape(b.symbol()))
                    .append("</th></tr>");
            row(html, "Total return", pct(b.totalReturn()));
            row(html, "CAGR", pct(b.cagr()));
            row(html, "Beta", ratio(b.beta()));
            row(html, "Alpha (ann.)", b.alpha() == null ? "—" : pct(b.alpha()));
            row(html, "Tracking error", b.trackingError() == null ? "—" : pct(b.trackingError()));
            row(html, "Information ratio", ratio(b.informationRatio()));
        }
    }

    private static void kpi(StringBuilder html, String label, String value, String tone) {
        html.append("<div class=\"kpi\"><span>").append(label).append("</span><strong class=\"").append(tone)
                .append("\">").append(value).append("</strong></div>");
    }

    /** Which Delta version of each table the run read, so a reader can tell whether two reports are comparable. */
    private static void appendDataVersions(StringBuilder html, @Nullable DataVersions versions) {
        if (versions == null) {
            return;
        }
        html.append("<section class=\"card\"><h2>Data</h2><table class=\"metrics\"><tr><th>Table</th><th>Postgres table</th>"
            + "<th>Delta version</th><th>Delta table id</th></tr>");
        versions.tables().forEach((table, version) -> html.append("<tr><td>").append(escape(table)).append("</td><td>")
            .append(escape(version.postgresTable())).append("</td><td>")
            .append(version.deltaVersion() == null ? "not replicated" : version.deltaVersion().toString())
            .append("</td><td>").append(version.deltaTableId() == null ? "&ndash;" : escape(version.deltaTableId()))
            .append("</td></tr>"));
        html.append("</table></section>");
    }

    private static void row(StringBuilder html, String label, String value) {
        html.append("<tr><td>").append(label).append("</td><td>").append(value).append("</td></tr>");
    }

    private static String prettyConfig(BacktestConfig config) {
        try {
            return Json.pretty().writeValueAsString(com.allocation.backtest.engine.runconfig.CanonicalConfigJson.toNode(config));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }

    private static String tone(double value) {
        return value > 0 ? "pos" : value < 0 ? "neg" : "";
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", v * 100);
    }

    private static String pct1(double v) {
        String text = String.format(Locale.ROOT, "%.1f", v * 100);
        return text.equals("-0.0") ? "0.0" : text;
    }

    /** Axis labels: as few decimals as the tick needs (2.5% steps keep their half). */
    private static String axisPct(double v) {
        return trim(v * 100) + "%";
    }

    private static String ratio(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String money(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String compactMoney(double v) {
        double a = Math.abs(v);
        if (a >= 1e9) {
            return trim(v / 1e9) + "B";
        }
        if (a >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (a >= 1e3) {
            return trim(v / 1e3) + "k";
        }
        return trim(v);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The report's look, shared with the comparison page. */
    static final String STYLE = """
            :root{--ink:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#f1f5f9;--card:#fff;--accent:#2563eb;--bench:#94a3b8;--neg:#dc2626;--pos:#16a34a}
            *{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
            main{max-width:1280px;margin:0 auto;padding:28px 32px 40px}
            header{display:flex;justify-content:space-between;align-items:flex-end;margin-bottom:20px}
            .eyebrow{margin:0;text-transform:uppercase;letter-spacing:.12em;font-size:11px;color:var(--accent);font-weight:600}
            h1{margin:4px 0 2px;font-size:28px;letter-spacing:-.01em}.sub{margin:0;color:var(--muted)}
            h2{margin:0 0 12px;font-size:15px;font-weight:600}
            .kpis{display:grid;grid-template-columns:repeat(8,1fr);gap:12px;margin-bottom:16px}
            .kpi{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px}
            .kpi span{display:block;color:var(--muted);font-size:11px;text-transform:uppercase;letter-spacing:.06em}
            .kpi strong{display:block;font-size:19px;margin-top:4px;font-variant-numeric:tabular-nums}
            .pos{color:var(--pos)}.neg{color:var(--neg)}
            .card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:18px 20px;margin-bottom:16px}
            .card-head{display:flex;justify-content:space-between;align-items:center;margin-bottom:6px}.card-head h2{margin:0}
            .legend{display:flex;align-items:center;gap:8px;color:var(--muted);font-size:12px}
            .key{display:inline-block;width:18px;height:3px;border-radius:2px;margin-left:10px}.key.strategy{background:var(--accent)}.key.bench{background:var(--bench)}
            .toggle-input{position:absolute;opacity:0}
            .toggle{display:inline-flex;align-items:center;gap:8px;margin-left:18px;cursor:pointer;user-select:none}
            .knob{width:30px;height:16px;border-radius:8px;background:#cbd5e1;position:relative;transition:background .15s}
            .knob::after{content:"";position:absolute;top:2px;left:2px;width:12px;height:12px;border-radius:50%;background:#fff;transition:left .15s}
            .toggle-input:checked ~ .card-head .knob{background:var(--accent)}.toggle-input:checked ~ .card-head .knob::after{left:16px}
            .toggle-input:checked ~ .chart.lin{display:none}.toggle-input:not(:checked) ~ .chart.log{display:none}
            .chart svg{width:100%;height:auto;display:block}
            .grid{stroke:#eef2f7;stroke-width:1}.tick{fill:var(--muted);font-size:11px}
            .line{fill:none;stroke-width:1.6;vector-effect:non-scaling-stroke;stroke-linejoin:round}
            .line.strategy{stroke:var(--accent);stroke-width:2}.line.bench{stroke:var(--bench)}
            .line.dd{stroke:var(--neg);stroke-width:1.2}.line.dd-area{fill:rgba(220,38,38,.14);stroke:none}
            table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
            .heat th,.heat td{padding:6px 4px;text-align:center;font-size:12px}
            .heat thead th{color:var(--muted);font-weight:500}.heat tbody th{text-align:left;color:var(--muted);font-weight:500;padding-right:10px}
            .heat td{border:2px solid #fff;border-radius:4px}.heat td.none{background:#f8fafc}.heat td.year{font-weight:600;border-left:8px solid #fff}
            .heat th.year{border-left:8px solid #fff}
            .columns{display:grid;grid-template-columns:1fr 1fr;gap:16px}.columns .card{margin-bottom:0}
            .metrics td{padding:6px 0;border-bottom:1px solid var(--line)}.metrics td:last-child{text-align:right;font-weight:600}
            .metrics tr.group th{text-align:left;padding:16px 0 6px;font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.06em}
            pre{margin:0;background:#0f172a;color:#e2e8f0;border-radius:8px;padding:14px 16px;font:12px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow:auto}
            footer{margin-top:18px;color:var(--muted);font-size:12px}
            @media (max-width:900px){.kpis{grid-template-columns:repeat(4,1fr)}.columns{grid-template-columns:1fr}}
            """;
}
