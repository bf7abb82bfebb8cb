package org.imle4j.samples.report;

import java.util.Arrays;

/** Summaries of repeated measurements. */
public final class Statistics {
    private Statistics() {}

    /**
     * Arithmetic mean.
     *
     * @param values the measurements
     * @return their mean; NaN for no values
     */
    public static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    /**
     * Sample standard deviation, {@code √(Σ (x − x̄)² / (n − 1))}.
     *
     * @param values the measurements
     * @return the standard deviation; 0 for fewer than two values
     */
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

    /**
     * Standard error of the mean, {@code s / √n} with s the sample standard deviation.
     *
     * @param values the measurements
     * @return the standard error; NaN for fewer than two values
     */
    public static double standardError(double[] values) {
        return values.length < 2 ? Double.NaN : standardDeviation(values) / Math.sqrt(values.length);
    }

    /**
     * Median: the middle value, or the mean of the two middle values for an even count.
     *
     * @param values the measurements, at least one; not changed
     * @return the median
     * @throws ArrayIndexOutOfBoundsException if there are no values
     */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
