package com.allocation.backtest.artifacts;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The comparison of several runs as one self-contained page (inline CSS and SVG, no script, no
 * network), drawn with the report's own chart and style: equity curves rebased to a common start,
 * drawdowns, metrics side by side, and the config rows where the runs differ highlighted.
 */
public final class ComparisonPage {
    /** Series colours, in run order; the 11th run reuses the first colour (the legend names each). */
    private static final String[] COLOURS = {"#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2",
        "#ca8a04", "#db2777", "#4b5563", "#65a30d"};

    private ComparisonPage() {
    }

    /** One run's series: epoch days and values. */
    public record Curve(int[] days, double[] values) {
    }

    /** A table row: a label and one cell per run; {@code differs} highlights it. */
    public record Row(String label, List<String> cells, boolean differs) {
    }

    /**
     * @param runs    one label per run, in the order of every curve and cell
     * @param start   the common start the curves are rebased to
     */
    public static byte[] render(String title, List<String> runs, String start, List<Curve> equity, List<Curve> drawdowns,
                                List<Row> metrics, List<Row> config) {
        StringBuilder html = new StringBuilder(256 * 1024);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>")
            .append(HtmlReport.escape(title)).append(" · comparison</title><style>").append(HtmlReport.STYLE);
        for (int i = 0; i < COLOURS.length; i++) {
            html.append(".line.s").append(i).append("{stroke:").append(COLOURS[i]).append("}.key.s").append(i)
                .append("{background:").append(COLOURS[i]).append('}');
        }
        html.append("tr.differs td{background:#fef9c3}.metrics th{text-align:left;padding:6px 8px;color:var(--muted);font-weight:500}"
                + ".metrics td{padding:6px 8px}.metrics td:first-child{text-align:left;font-weight:500}.wide{overflow-x:auto}"
                + ".legend{flex-wrap:wrap}</style></head><body><main>")
            .append("<header><div><p class=\"eyebrow\">Backtest comparison</p><h1>").append(HtmlReport.escape(title))
            .append("</h1><p class=\"sub\">").append(runs.size()).append(" runs · equity rebased to 1 on ").append(start)
            .append("</p></div></header>");
        html.append("<section class=\"card\"><div class=\"card-head\"><h2>Equity (rebased)</h2>").append(legend(runs))
            .append("</div><div class=\"chart\">").append(chart(equity, 380, false)).append("</div></section>");
        html.append("<section class=\"card\"><div class=\"card-head\"><h2>Drawdown</h2>").append(legend(runs))
            .append("</div><div class=\"chart\">").append(chart(drawdowns, 240, true)).append("</div></section>");
        table(html, "Metrics", runs, metrics);
        table(html, "Config (rows where the runs differ are highlighted)", runs, config);
        html.append("<footer>Curves start at the latest first day of the runs; each is divided by its value that day. "
            + "Drawdowns are measured from that start.</footer></main></body></html>");
        return html.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String chart(List<Curve> curves, int height, boolean drawdown) {
        TimeChart chart = new TimeChart(height, false);
        for (int i = 0; i < curves.size(); i++) {
            chart.series(curves.get(i).days(), curves.get(i).values(), "line s" + (i % COLOURS.length), false);
        }
        return drawdown ? chart.svg(v -> trim(v * 100) + "%", true) : chart.svg(ComparisonPage::trim, false);
    }

    private static String legend(List<String> runs) {
        StringBuilder legend = new StringBuilder("<div class=\"legend\">");
        for (int i = 0; i < runs.size(); i++) {
            legend.append("<span class=\"key s").append(i % COLOURS.length).append("\"></span>").append(HtmlReport.escape(runs.get(i)));
        }
        return legend.append("</div>").toString();
    }

    private static void table(StringBuilder html, String heading, List<String> runs, List<Row> rows) {
        html.append("<section class=\"card wide\"><h2>").append(HtmlReport.escape(heading))
            .append("</h2><table class=\"metrics\"><thead><tr><th></th>");
        runs.forEach(run -> html.append("<th>").append(HtmlReport.escape(run)).append("</th>"));
        html.append("</tr></thead><tbody>");
        for (Row row : rows) {
            html.append(row.differs() ? "<tr class=\"differs\">" : "<tr>").append("<td>").append(HtmlReport.escape(row.label())).append("</td>");
            row.cells().forEach(cell -> html.append("<td>").append(HtmlReport.escape(cell)).append("</td>"));
            html.append("</tr>");
        }
        html.append("</tbody></table></section>");
    }

    private static String trim(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.2f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
