package org.imle4j.samples.fidelity;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.imle4j.annotation.Difference;
import org.imle4j.annotation.Noise;
import org.imle4j.runtime.estimator.Baseline;
import org.imle4j.runtime.exact.KSubsets;
import org.imle4j.runtime.exact.PlackettLuceTopK;
import org.imle4j.samples.harness.CommonOptions;
import org.imle4j.samples.report.LinePlot;
import org.imle4j.samples.report.Progress;
import org.imle4j.samples.report.Results;
import org.imle4j.samples.report.Statistics;
import org.imle4j.samples.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The synthetic of the adaptive I-MLE paper (Minervini, Franceschi and Niepert, AAAI 2023): how well each estimator's
 * gradient points along the exact one.
 *
 * <p>Per seed, {@code θ ~ N(0, I)} and {@code b = |N(0, I)|} ({@link FidelityProblem}); z follows the k-subset
 * exponential family {@code p(z; θ) ∝ exp⟨z, θ⟩} and the loss is {@code L(z) = ‖z − b‖²}. The exact gradient
 * {@code ∇_θ E_p[L] = E_p[L(z)·(z − μ)]} comes from enumerating the C(n, k) subsets ({@link KSubsets}). Each estimator
 * computes one estimate from S samples (the mean of its S per-sample estimates, each sample z_s with its own
 * {@code dL/dz_s = 2(z_s − b)}); the score is the cosine similarity of that estimate to the exact gradient, averaged
 * over the seeds.
 *
 * <p>The perturb-and-MAP estimators (I-MLE, adaptive I-MLE, straight-through) run a {@code BatchTopKLayer} with the
 * chosen noise; the score-function estimator draws exactly from the family and uses the true loss of each draw. With
 * Gumbel noise, perturb-and-MAP top-k samples the first k items of a Plackett–Luce draw, not the family: the
 * I-MLE estimates then tend, as λ → 0 and S → ∞, to the gradient under that law ({@link PlackettLuceTopK}), whose
 * cosine to the exact gradient is reported as the ceiling of those estimators (for n ≤ 16). For n = 10, k = 5 that
 * ceiling is about 0.99, and I-MLE with central differences at λ = 0.1 and S = 1000 comes within a few hundredths of
 * it. Sum-of-Gamma noise with k = the subset size makes the total perturbation ⟨z, ε⟩ of each subset Gumbel, but with
 * per-item noise √k times smaller than Gumbel's and correlated across subsets, so perturb-and-MAP is much more
 * concentrated than the family: with {@code --noise SUM_OF_GAMMA} the same I-MLE estimates level off near 0.75.
 *
 * <p>With per-sample {@code dL/dz_s = 2(z_s − b)}, central differences tend to the gradient of the perturb-and-MAP
 * law as λ → 0; forward differences carry a bias of the order of the self term {@code 2z_s}, small in cosine here.
 * Adaptive I-MLE starts from β = 0 with step 1e-3, so after the warm-up its λ is that of a small fixed λ. The
 * moving-average baseline of the score-function estimator is warmed up on the same θ for as many calls.
 */
@Command(name = "gradient-fidelity", mixinStandardHelpOptions = true,
        description = "Cosine similarity of gradient estimates to the exact gradient on the top-k synthetic.")
public final class GradientFidelityCommand implements Callable<Integer> {
    /** Creates the command; picocli fills its options from the command line. */
    public GradientFidelityCommand() {}

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions output;

    @Option(names = "--n", description = "Items n (default: ${DEFAULT-VALUE}).")
    int items = 10;

    @Option(names = "--k", description = "Items selected k (default: ${DEFAULT-VALUE}).")
    int k = 5;

    @Option(names = "--seeds", description = "Random problems averaged over (default: ${DEFAULT-VALUE}).")
    int seeds = 20;

    @Option(names = "--samples", split = ",", defaultValue = "1,10,100,1000",
            description = "Sample counts S (default: ${DEFAULT-VALUE}).")
    int[] samples;

    @Option(names = "--lambdas", split = ",", defaultValue = "0.1,1,10,100",
            description = "λ of I-MLE (default: ${DEFAULT-VALUE}).")
    double[] lambdas;

    @Option(names = "--noise", description = "Perturbation of I-MLE, AIMLE and STE: ${COMPLETION-CANDIDATES} "
            + "(default: ${DEFAULT-VALUE}; SUM_OF_GAMMA uses k = the subset size).")
    Noise noise = Noise.GUMBEL;

    @Option(names = "--warm-up", description = "Backward passes on the same θ before adaptive I-MLE and the "
            + "moving-average baseline are measured (default: ${DEFAULT-VALUE}).")
    int warmUp = 100;

    /**
     * The cosine of one estimator at one S.
     *
     * @param estimator the row label
     * @param family the estimator without its λ
     * @param lambda I-MLE's λ, NaN for the others
     * @param samples S
     * @param meanCosine the cosine to the exact gradient, averaged over the seeds
     * @param standardError the standard error of that mean
     */
    record Row(String estimator, String family, double lambda, int samples, double meanCosine,
            double standardError) {}

    /**
     * Everything the command measured.
     *
     * @param randomCosine mean cosine of an isotropic random direction to the exact gradient, the chance level
     * @param plackettLuceCosine mean cosine of the exact gradient under Gumbel perturb-and-MAP to the exact gradient
     *     under the family, NaN when not computed (other noise, or n above 16)
     */
    record Report(int n, int k, int seeds, String noise, int warmUp, List<Row> rows, double randomCosine,
            double plackettLuceCosine) {

        /** The row of an estimator at S, or null. */
        Row row(String estimator, int samples) {
            for (Row row : rows) {
                if (row.estimator().equals(estimator) && row.samples() == samples) {
                    return row;
                }
            }
            return null;
        }
    }

    @Override
    public Integer call() {
        Report report = output.withTorchThreads(this::run);
        print(report);
        Path folder = output.folder();
        Results.write(folder.resolve("gradient-fidelity.json"), report);
        plotLambda(report).save(folder.resolve("gradient-fidelity-lambda.png"));
        plotSamples(report).save(folder.resolve("gradient-fidelity-samples.png"));
        return 0;
    }

    /** Runs every estimator at every S on every seed. */
    Report run() {
        validate();
        Engine.getInstance().setRandomSeed(output.seed());
        KSubsets subsets = KSubsets.of(items, k);
        List<Candidate> candidates = candidates();
        Random seedSource = new Random(output.seed());
        List<FidelityProblem> problems = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            problems.add(FidelityProblem.generate(items, seedSource.nextLong()));
        }
        List<double[]> exact = new ArrayList<>();
        double[] random = new double[seeds];
        double[] plackettLuce = new double[seeds];
        boolean withPlackettLuce = noise == Noise.GUMBEL && items <= PlackettLuceTopK.MAX_ITEMS;
        Random directions = new Random(seedSource.nextLong());
        for (int s = 0; s < seeds; s++) {
            FidelityProblem problem = problems.get(s);
            double[] gradient = subsets.gradientOfExpectation(problem.theta(), subsets.squaredDistances(problem.b()));
            exact.add(gradient);
            double[] direction = new double[items];
            for (int i = 0; i < items; i++) {
                direction[i] = directions.nextGaussian();
            }
            random[s] = cosine(direction, gradient);
            plackettLuce[s] = withPlackettLuce
                    ? cosine(PlackettLuceTopK.gradientOfLinear(problem.theta(), k, oneMinusTwice(problem.b())), gradient)
                    : Double.NaN;
        }
        List<Row> rows = new ArrayList<>();
        Progress progress = Progress.start("gradient-fidelity", (long) candidates.size() * samples.length * seeds);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Candidate candidate : candidates) {
                for (int sampleCount : samples) {
                    if (sampleCount < candidate.minimumSamples()) {
                        rows.add(new Row(candidate.name(), candidate.family(), candidate.lambda(), sampleCount,
                                Double.NaN, Double.NaN));
                        for (int s = 0; s < seeds; s++) {
                            progress.step();
                        }
                        continue;
                    }
                    double[] cosines = new double[seeds];
                    for (int s = 0; s < seeds; s++) {
                        double[] estimate = candidate.estimator().estimate(manager, problems.get(s), sampleCount);
                        cosines[s] = cosine(estimate, exact.get(s));
                        progress.step();
                    }
                    rows.add(new Row(candidate.name(), candidate.family(), candidate.lambda(), sampleCount,
                            Statistics.mean(cosines), Statistics.standardError(cosines)));
                }
            }
        }
        progress.end();
        return new Report(items, k, seeds, noise.name(), warmUp, rows, Statistics.mean(random), Statistics.mean(plackettLuce));
    }

    private void validate() {
        if (k < 1 || k > items) {
            throw new ParameterException(spec.commandLine(),
                    "--k must be between 1 and --n = " + items + ", but was " + k);
        }
        if (seeds < 1 || warmUp < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--seeds must be at least 1 and --warm-up non-negative, but were "
                    + seeds + " and " + warmUp);
        }
        for (int s : samples) {
            if (s < 1) {
                throw new ParameterException(spec.commandLine(),
                        "--samples must all be at least 1, but include " + s);
            }
        }
        for (double lambda : lambdas) {
            if (!(lambda > 0) || Double.isInfinite(lambda)) {
                throw new ParameterException(spec.commandLine(),
                        "--lambdas must all be positive and finite, but include " + lambda);
            }
        }
    }

    private List<Candidate> candidates() {
        Candidate.Perturbation perturbation = new Candidate.Perturbation(k, noise);
        List<Candidate> candidates = new ArrayList<>();
        for (Difference difference : List.of(Difference.FORWARD, Difference.CENTRAL)) {
            for (double lambda : lambdas) {
                candidates.add(Candidate.imle(perturbation, difference, lambda));
            }
        }
        candidates.add(Candidate.aimle(perturbation, Difference.FORWARD, warmUp));
        candidates.add(Candidate.aimle(perturbation, Difference.CENTRAL, warmUp));
        candidates.add(Candidate.straightThrough(perturbation));
        candidates.add(Candidate.scoreFunction(k, "leave-one-out", Baseline::leaveOneOut, 2, 0));
        candidates.add(Candidate.scoreFunction(k, "moving average", () -> Baseline.movingAverage(0.9), 1, warmUp));
        return candidates;
    }

    private void print(Report report) {
        String[] header = new String[samples.length + 1];
        header[0] = "estimator (cosine to exact ∇, n=" + items + ", k=" + k + ", " + seeds + " seeds, " + noise + ")";
        for (int i = 0; i < samples.length; i++) {
            header[i + 1] = "S=" + samples[i];
        }
        Table table = new Table(header);
        Map<String, List<Row>> byEstimator = new LinkedHashMap<>();
        for (Row row : report.rows()) {
            byEstimator.computeIfAbsent(row.estimator(), name -> new ArrayList<>()).add(row);
        }
        for (Map.Entry<String, List<Row>> entry : byEstimator.entrySet()) {
            Object[] cells = new Object[samples.length + 1];
            cells[0] = entry.getKey();
            for (int i = 0; i < samples.length; i++) {
                Row row = entry.getValue().get(i);
                cells[i + 1] = Double.isNaN(row.meanCosine()) ? "–"
                        : String.format("%.3f ± %.3f", row.meanCosine(), row.standardError());
            }
            table.row(cells);
        }
        table.print(System.out);
        System.out.printf("random direction: %.3f%n", report.randomCosine());
        if (!Double.isNaN(report.plackettLuceCosine())) {
            System.out.printf("exact gradient under Gumbel perturb-and-MAP (limit of I-MLE as λ → 0, S → ∞): %.3f%n",
                    report.plackettLuceCosine());
        }
    }

    private LinePlot plotLambda(Report report) {
        LinePlot plot = new LinePlot("Gradient fidelity vs λ (n=" + items + ", k=" + k + ", " + noise + ")", "λ",
                "cosine to exact gradient").logX();
        for (String family : List.of("I-MLE forward", "I-MLE central")) {
            for (int sampleCount : samples) {
                double[] y = new double[lambdas.length];
                for (int i = 0; i < lambdas.length; i++) {
                    String name = family + " λ=" + Candidate.formatLambda(lambdas[i]);
                    y[i] = report.row(name, sampleCount).meanCosine();
                }
                plot.series(family + ", S=" + sampleCount, lambdas.clone(), y);
            }
        }
        if (!Double.isNaN(report.plackettLuceCosine())) {
            double[] x = {Arrays.stream(lambdas).min().orElseThrow(), Arrays.stream(lambdas).max().orElseThrow()};
            double[] y = {report.plackettLuceCosine(), report.plackettLuceCosine()};
            plot.series("limit λ → 0, S → ∞ (Gumbel)", x, y);
        }
        return plot;
    }

    private LinePlot plotSamples(Report report) {
        LinePlot plot = new LinePlot("Gradient fidelity vs S (n=" + items + ", k=" + k + ", " + noise + ")",
                "samples S", "cosine to exact gradient").logX();
        Map<String, List<Row>> byEstimator = new LinkedHashMap<>();
        for (Row row : report.rows()) {
            if (!Double.isNaN(row.meanCosine())) {
                byEstimator.computeIfAbsent(row.estimator(), name -> new ArrayList<>()).add(row);
            }
        }
        for (Map.Entry<String, List<Row>> entry : byEstimator.entrySet()) {
            double[] x = entry.getValue().stream().mapToDouble(Row::samples).toArray();
            double[] y = entry.getValue().stream().mapToDouble(Row::meanCosine).toArray();
            plot.series(entry.getKey(), x, y);
        }
        return plot;
    }

    /** The weights {@code 1 − 2b} of {@code ‖z − b‖²} as a linear function of a 0/1 vector z, up to a constant. */
    private static double[] oneMinusTwice(double[] b) {
        double[] c = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            c[i] = 1 - 2 * b[i];
        }
        return c;
    }

    static double cosine(double[] a, double[] b) {
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        // An all-zero estimate carries no direction: cosine 0, like a random one.
        return aa == 0 || bb == 0 ? 0 : dot / Math.sqrt(aa * bb);
    }


}
