package org.imle4j.samples.aspect;

import java.util.Arrays;

/**
 * The bag-of-words baseline: ridge regression of one aspect's rating on the token counts of the whole review (the
 * {@value #MOST_FEATURES} most frequent words at most) and an intercept. The ridge penalty is the one of
 * {@link #PENALTIES} with the least squared error on the last fifth of the training reviews after fitting on the
 * rest; the model is then refitted on all of them.
 */
final class BagOfWords {
    /** The candidate ridge penalties. */
    static final double[] PENALTIES = {0.01, 0.1, 1, 10, 100};

    private static final int MOST_FEATURES = 2000;

    private final double[] weights;
    private final int features;

    private BagOfWords(double[] weights, int features) {
        this.weights = weights;
        this.features = features;
    }

    /**
     * Fits the baseline.
     *
     * @param ids the token ids of the training reviews, {@link Vocabulary#PADDING} ignored
     * @param ratings their ratings of the aspect
     * @param vocabulary the size of the vocabulary
     * @return the fitted baseline
     */
    static BagOfWords fit(long[][] ids, double[] ratings, int vocabulary) {
        int features = Math.min(vocabulary, MOST_FEATURES);
        int split = ids.length * 4 / 5;
        double best = Double.POSITIVE_INFINITY;
        double penalty = PENALTIES[0];
        for (double candidate : PENALTIES) {
            BagOfWords model = new BagOfWords(solve(ids, ratings, 0, split, features, candidate), features);
            double error = model.meanSquaredError(Arrays.copyOfRange(ids, split, ids.length),
                    Arrays.copyOfRange(ratings, split, ratings.length));
            if (error < best) {
                best = error;
                penalty = candidate;
            }
        }
        return new BagOfWords(solve(ids, ratings, 0, ids.length, features, penalty), features);
    }

    /**
     * The mean squared error of the predictions.
     *
     * @param ids the token ids of the reviews
     * @param ratings their true ratings
     * @return the mean of (prediction − rating)²
     */
    double meanSquaredError(long[][] ids, double[] ratings) {
        double sum = 0;
        for (int r = 0; r < ids.length; r++) {
            double[] x = counts(ids[r], features);
            double prediction = 0;
            for (int f = 0; f < x.length; f++) {
                prediction += weights[f] * x[f];
            }
            sum += (prediction - ratings[r]) * (prediction - ratings[r]);
        }
        return sum / ids.length;
    }

    /** Counts of the ids below {@code features} (padding excluded), and a constant 1 in column 0 for the intercept. */
    private static double[] counts(long[] ids, int features) {
        double[] x = new double[features];
        x[0] = 1;
        for (long id : ids) {
            if (id != Vocabulary.PADDING && id < features) {
                x[(int) id]++;
            }
        }
        return x;
    }

    /** Solves (XᵀX + αI′) w = Xᵀy by Cholesky, I′ the identity without the intercept, over rows [from, to). */
    private static double[] solve(long[][] ids, double[] ratings, int from, int to, int features, double penalty) {
        double[][] gram = new double[features][features];
        double[] moment = new double[features];
        for (int r = from; r < to; r++) {
            double[] x = counts(ids[r], features);
            int[] present = new int[features];
            int count = 0;
            for (int i = 0; i < features; i++) {
                if (x[i] != 0) {
                    present[count++] = i;
                }
            }
            for (int p = 0; p < count; p++) {
                int i = present[p];
                moment[i] += x[i] * ratings[r];
                for (int q = 0; q < count; q++) {
                    gram[i][present[q]] += x[i] * x[present[q]];
                }
            }
        }
        for (int i = 1; i < features; i++) {
            gram[i][i] += penalty;
        }
        // A column of zeros (a word absent from these rows) keeps its penalty, so the matrix stays positive definite
        // but for the intercept, whose diagonal is the row count.
        return cholesky(gram, moment);
    }

    private static double[] cholesky(double[][] a, double[] b) {
        int n = b.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int m = 0; m < j; m++) {
                    sum -= l[i][m] * l[j][m];
                }
                l[i][j] = i == j ? Math.sqrt(sum) : sum / l[j][j];
            }
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = b[i];
            for (int m = 0; m < i; m++) {
                sum -= l[i][m] * y[m];
            }
            y[i] = sum / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = y[i];
            for (int m = i + 1; m < n; m++) {
                sum -= l[m][i] * x[m];
            }
            x[i] = sum / l[i][i];
        }
        return x;
    }
}
