package org.imle4j.samples.report;

import java.util.Arrays;

/** Summaries of repeated measurements. */
public final class Statistics {
    private Statistics() {}

    /** Arithmetic mean; NaN for no values. */
    public static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    /** Sample standard deviation (n − 1); 0 for a single value. */
    public static double standardDeviation(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double mean = mean(values);
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }

    /** Standard error of the mean; NaN for fewer than two values. */
    public static double standardError(double[] values) {
        return values.length < 2 ? Double.NaN : standardDeviation(values) / Math.sqrt(values.length);
    }

    /** Median. */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
