package org.imle4j.samples.fidelity;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.imle4j.runtime.estimator.Baseline;
import org.imle4j.samples.harness.GradientProbe;
import org.imle4j.samples.harness.ReportWriter;
import org.imle4j.samples.report.Statistics;
import org.imle4j.samples.report.Table;

/**
 * The variance reduction of the score-function estimator's baselines on the gradient-fidelity synthetic: exact draws
 * from the k-subset family, the true loss {@code ‖z − b‖²} of each, and the exact gradient as the reference. Every
 * baseline leaves the estimate unbiased here (the self-critical one gets the true loss of {@code top-k(θ)}, which
 * does not depend on the draws), so its mean squared error to the exact gradient is its variance, and the ratio of
 * that error to the one without a baseline is the variance it keeps.
 *
 * <p>Per seed and S, one baseline makes {@code estimates} estimates of S draws each in a row: the moving average is
 * fresh for each seed and S, first warmed up on the same θ, and then goes on learning through the measured estimates,
 * as in training. The trainable constant baseline is the moving average (one step of SGD on the squared error per
 * use), so it has no row of its own.
 */
final class BaselineComparison {
    /** The baselines compared, in the order of the table, with the fewest samples each needs. */
    private static final List<Candidate> CANDIDATES = List.of(
            new Candidate("none", Baseline::none, 1, false),
            new Candidate("moving average (0.9)", () -> Baseline.movingAverage(0.9), 1, true),
            new Candidate("leave-one-out", Baseline::leaveOneOut, 2, false),
            new Candidate("self-critical", Baseline::selfCritical, 1, false));

    private BaselineComparison() {}

    private record Candidate(String name, Supplier<Baseline> baseline, int minimumSamples, boolean warmedUp) {}

    /**
     * One baseline at one S, over the seeds; NaN where S is below what the baseline needs.
     *
     * @param baseline the baseline's name
     * @param samples S, the draws per estimate
     * @param meanSquaredError {@code ‖ĝ − ∇‖² / n}, averaged over the estimates of a seed and then over the seeds
     * @param standardError the standard error of that mean over the seeds
     * @param ratioToNone {@code meanSquaredError} divided by that of no baseline at the same S
     * @param meanCosine the cosine of ĝ to the exact gradient, averaged in the same way
     * @param cosineStandardError the standard error of that mean over the seeds
     */
    record Row(String baseline, int samples, double meanSquaredError, double standardError, double ratioToNone,
            double meanCosine, double cosineStandardError) {}

    /**
     * Measures every baseline at every S on every seed.
     *
     * @param probe the probe of the command's n and k
     * @param problems the seeds' problems
     * @param exact the exact gradient of each problem
     * @param samples the values of S
     * @param estimates the estimates per seed, baseline and S
     * @param warmUp the estimates that warm the moving average up before the measured ones
     * @return one row per baseline and S, baselines in the order of the table
     */
    static List<Row> measure(GradientProbe probe, List<FidelityProblem> problems, List<double[]> exact, int[] samples,
            int estimates, int warmUp) {
        List<Row> rows = new ArrayList<>();
        double[] noneError = new double[samples.length];
        for (Candidate candidate : CANDIDATES) {
            for (int j = 0; j < samples.length; j++) {
                int sampleCount = samples[j];
                if (sampleCount < candidate.minimumSamples()) {
                    rows.add(new Row(candidate.name(), sampleCount, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                            Double.NaN));
                    continue;
                }
                double[] errors = new double[problems.size()];
                double[] cosines = new double[problems.size()];
                for (int s = 0; s < problems.size(); s++) {
                    FidelityProblem problem = problems.get(s);
                    double[] gradient = exact.get(s);
                    Baseline baseline = candidate.baseline().get();
                    for (int e = 0; e < estimates; e++) {
                        int passes = e == 0 && candidate.warmedUp() ? warmUp : 0;
                        double[] estimate = probe.scoreFunctionGradient(baseline, problem.theta(), problem.b(),
                                sampleCount, passes);
                        errors[s] += squaredDistance(estimate, gradient) / gradient.length / estimates;
                        cosines[s] += GradientProbe.cosine(estimate, gradient) / estimates;
                    }
                }
                double error = Statistics.mean(errors);
                if (candidate == CANDIDATES.get(0)) {
                    noneError[j] = error;
                }
                rows.add(new Row(candidate.name(), sampleCount, error, Statistics.standardError(errors),
                        error / noneError[j], Statistics.mean(cosines), Statistics.standardError(cosines)));
            }
        }
        return rows;
    }

    /**
     * Writes the comparison as a table: per baseline and S, the mean squared error, its ratio to no baseline's, and the
     * cosine.
     *
     * @param rows the rows of {@link #measure}
     * @param samples the values of S, the table's columns
     * @param setting n, k and the seeds, for the caption
     * @param writer the command's report writer
     */
    static void print(List<Row> rows, int[] samples, String setting, ReportWriter writer) {
        Table table = new Table(Stream.concat(Stream.of("SFE baseline (MSE to exact ∇, ratio to none, cosine; "
                + setting + ")"), IntStream.of(samples).mapToObj(s -> "S=" + s)).toArray(String[]::new));
        for (int i = 0; i < rows.size(); i += samples.length) {
            List<Row> baseline = rows.subList(i, i + samples.length);
            table.row(Stream.concat(Stream.of(baseline.get(0).baseline()), baseline.stream().map(row ->
                    Double.isNaN(row.meanSquaredError()) ? "–" : ReportWriter.fixed(row.meanSquaredError(), 4) + " ("
                            + ReportWriter.fixed(row.ratioToNone(), 3) + "), " + ReportWriter.fixed(row.meanCosine(), 3)))
                    .toArray());
        }
        writer.table("", table);
    }

    private static double squaredDistance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return sum;
    }
}
