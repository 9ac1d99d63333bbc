package com.allocation.backtest.artifacts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** An inline-SVG line chart over dates with one shared y scale for all of its series. */
final class TimeChart {
    static final int WIDTH = 1200;
    private static final int LEFT = 78;
    private static final int RIGHT = 18;
    private static final int TOP = 14;
    private static final int BOTTOM = 28;
    private static final int MAX_POINTS = 1500;

    private final int height;
    private final boolean logScale;
    private final List<int[]> xs = new ArrayList<>();
    private final List<double[]> ys = new ArrayList<>();
    private final List<String> styles = new ArrayList<>();
    private final List<Boolean> filled = new ArrayList<>();
    private double minY = Double.POSITIVE_INFINITY;
    private double maxY = Double.NEGATIVE_INFINITY;
    private int minX = Integer.MAX_VALUE;
    private int maxX = Integer.MIN_VALUE;

    TimeChart(int height, boolean logScale) {
        this.height = height;
        this.logScale = logScale;
    }

    /** @param cssClass style of the line; {@code area} fills down to zero (for drawdowns) */
    TimeChart series(int[] days, double[] values, String cssClass, boolean area) {
        xs.add(days);
        ys.add(values);
        styles.add(cssClass);
        filled.add(area);
        for (int i = 0; i < values.length; i++) {
            minY = Math.min(minY, values[i]);
            maxY = Math.max(maxY, values[i]);
        }
        minX = Math.min(minX, days[0]);
        maxX = Math.max(maxX, days[days.length - 1]);
        return this;
    }

    /** @param labelFormat formats a y tick value */
    String svg(java.util.function.DoubleFunction<String> labelFormat, boolean includeZero) {
        if (includeZero) {
            maxY = Math.max(maxY, 0);
            minY = Math.min(minY, 0);
        }
        if (minY == maxY) {
            minY -= Math.abs(minY) * 0.05 + 1e-9;
            maxY += Math.abs(maxY) * 0.05 + 1e-9;
        }
        if (logScale) {
            // headroom so the curve never touches the frame
            double pad = Math.pow(maxY / minY, 0.04);
            minY /= pad;
            maxY *= pad;
        }
        double[] ticks = logScale ? logTicks(minY, maxY) : linearTicks(minY, maxY);
        if (!logScale && !includeZero) {
            minY = Math.min(minY, ticks[0]);
            maxY = Math.max(maxY, ticks[ticks.length - 1]);
        }
        StringBuilder svg = new StringBuilder(64 * 1024);
        svg.append("<svg viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" preserveAspectRatio=\"none\" role=\"img\">");
        for (double tick : ticks) {
            double y = y(tick);
            svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                    .append("\" y1=\"").append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\"/>")
                    .append("<text class=\"tick\" x=\"").append(LEFT - 8).append("\" y=\"").append(fmt(y + 4))
                    .append("\" text-anchor=\"end\">").append(labelFormat.apply(tick)).append("</text>");
        }
        appendYearTicks(svg);
        for (int s = 0; s < ys.size(); s++) {
            appendSeries(svg, xs.get(s), ys.get(s), styles.get(s), filled.get(s));
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private void appendSeries(StringBuilder svg, int[] days, double[] values, String cssClass, boolean area) {
        int[] picked = Downsampler.minMaxIndices(values, MAX_POINTS);
        StringBuilder path = new StringBuilder(picked.length * 16);
        for (int i = 0; i < picked.length; i++) {
            int k = picked[i];
            path.append(i == 0 ? 'M' : 'L').append(fmt(x(days[k]))).append(',').append(fmt(y(values[k])));
        }
        if (area) {
            double zero = y(0);
            svg.append("<path class=\"").append(cssClass).append("-area\" d=\"").append(path)
                    .append('L').append(fmt(x(days[picked[picked.length - 1]]))).append(',').append(fmt(zero))
                    .append('L').append(fmt(x(days[picked[0]]))).append(',').append(fmt(zero)).append("Z\"/>");
        }
        svg.append("<path class=\"").append(cssClass).append("\" d=\"").append(path).append("\"/>");
    }

    private void appendYearTicks(StringBuilder svg) {
        int firstYear = LocalDate.ofEpochDay(minX).getYear();
        int lastYear = LocalDate.ofEpochDay(maxX).getYear();
        int step = Math.max(1, (lastYear - firstYear + 1) / 12);
        for (int year = firstYear + 1; year <= lastYear; year += step) {
            double x = x((int) LocalDate.of(year, 1, 1).toEpochDay());
            svg.append("<line class=\"grid v\" x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x))
                    .append("\" y1=\"").append(TOP).append("\" y2=\"").append(height - BOTTOM).append("\"/>")
                    .append("<text class=\"tick\" x=\"").append(fmt(x)).append("\" y=\"").append(height - 8)
                    .append("\" text-anchor=\"middle\">").append(year).append("</text>");
        }
        if (lastYear == firstYear) {
            svg.append("<text class=\"tick\" x=\"").append(LEFT).append("\" y=\"").append(height - 8)
                    .append("\">").append(LocalDate.ofEpochDay(minX)).append("</text>");
        }
    }

    private double x(int day) {
        double span = Math.max(1, maxX - minX);
        return LEFT + (day - minX) / span * (WIDTH - LEFT - RIGHT);
    }

    private double y(double value) {
        double low = logScale ? Math.log(minY) : minY;
        double high = logScale ? Math.log(maxY) : maxY;
        double v = logScale ? Math.log(value) : value;
        return TOP + (high - v) / (high - low) * (height - TOP - BOTTOM);
    }

    private static double[] linearTicks(double low, double high) {
        double step = niceStep((high - low) / 5);
        double first = Math.floor(low / step) * step;
        List<Double> ticks = new ArrayList<>();
        for (double t = first; t <= high + step * 0.5; t += step) {
            ticks.add(Math.abs(t) < step * 1e-9 ? 0 : t);
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] logTicks(double low, double high) {
        List<Double> ticks = new ArrayList<>();
        for (double decade = Math.pow(10, Math.floor(Math.log10(low))); decade <= high; decade *= 10) {
            for (double m : new double[]{1, 2, 5}) {
                double t = decade * m;
                if (t >= low && t <= high) {
                    ticks.add(t);
                }
            }
        }
        if (ticks.size() < 3) {
            List<Double> inside = new ArrayList<>();
            for (double t : linearTicks(low, high)) {
                if (t >= low && t <= high) {
                    inside.add(t);
                }
            }
            return inside.stream().mapToDouble(Double::doubleValue).toArray();
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double niceStep(double rough) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double fraction = rough / magnitude;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    /** One decimal is sub-pixel precision; plain arithmetic because thousands of coordinates are written. */
    private static String fmt(double v) {
        long tenths = Math.round(v * 10);
        long whole = Math.abs(tenths) / 10;
        return (tenths < 0 ? "-" : "") + whole + "." + Math.abs(tenths) % 10;
    }
}
