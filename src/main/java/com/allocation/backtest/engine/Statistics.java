package com.allocation.backtest.engine;

/** The few sample statistics the metrics need, on plain arrays. */
final class Statistics {
    private Statistics() {
    }

    static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    /**
     * Sample standard deviation (ddof=1). A series of identical values gets exactly 0, not the
     * rounding noise of {@code x - mean(x)}, so that "null if std is 0" rules are reliable.
     */
    static double sampleStd(double[] x) {
        if (x.length < 2) {
            return Double.NaN;
        }
        if (allEqual(x)) {
            return 0;
        }
        double mean = mean(x);
        double squares = 0;
        for (double v : x) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (x.length - 1));
    }

    /** Sample covariance (ddof=1). */
    static double sampleCovariance(double[] x, double[] y) {
        double meanX = mean(x);
        double meanY = mean(y);
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += (x[i] - meanX) * (y[i] - meanY);
        }
        return sum / (x.length - 1);
    }

    static double[] minus(double[] x, double c) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] - c;
        }
        return out;
    }

    static double[] minus(double[] x, double[] y) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] - y[i];
        }
        return out;
    }

    private static boolean allEqual(double[] x) {
        for (int i = 1; i < x.length; i++) {
            if (x[i] != x[0]) {
                return false;
            }
        }
        return true;
    }
}
