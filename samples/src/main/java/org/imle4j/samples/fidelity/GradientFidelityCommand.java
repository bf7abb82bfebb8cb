package org.imle4j.samples.fidelity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.imle4j.annotation.Noise;
import org.imle4j.runtime.estimator.Baseline;
import org.imle4j.runtime.exact.PlackettLuceTopK;
import org.imle4j.samples.harness.EstimatorChoice;
import org.imle4j.samples.harness.EstimatorChoice.Settings;
import org.imle4j.samples.harness.GradientProbe;
import org.imle4j.samples.harness.Range;
import org.imle4j.samples.harness.RepeatOptions;
import org.imle4j.samples.harness.ReportWriter;
import org.imle4j.samples.harness.SampleCommand;
import org.imle4j.samples.harness.TopKOptions;
import org.imle4j.samples.report.LinePlot;
import org.imle4j.samples.report.Progress;
import org.imle4j.samples.report.Statistics;
import org.imle4j.samples.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The synthetic of the adaptive I-MLE paper (Minervini, Franceschi and Niepert, AAAI 2023): how well each estimator's
 * gradient points along the exact one.
 *
 * <p>Per seed, {@code θ ~ N(0, I)} and {@code b = |N(0, I)|} ({@link FidelityProblem}); z follows the k-subset
 * exponential family {@code p(z; θ) ∝ exp⟨z, θ⟩} and the loss is {@code L(z) = ‖z − b‖²}. The exact gradient
 * {@code ∇_θ E_p[L] = E_p[L(z)·(z − μ)]} comes from enumerating the C(n, k) subsets ({@link GradientProbe}). Each
 * estimator computes one estimate from S samples (the mean of its S per-sample estimates, each sample z_s with its own
 * {@code dL/dz_s = 2(z_s − b)}); the score is the cosine similarity of that estimate to the exact gradient, averaged
 * over the seeds.
 *
 * <p>The perturb-and-MAP estimators (I-MLE, adaptive I-MLE, straight-through) run a {@code BatchTopKLayer} with the
 * chosen noise; the score-function estimator draws exactly from the family and uses the true loss of each draw. With
 * Gumbel noise, perturb-and-MAP top-k samples the first k items of a Plackett–Luce draw, not the family: the
 * I-MLE estimates then tend, as λ → 0 and S → ∞, to the gradient under that law, also exact, whose cosine to the
 * exact gradient is reported as the ceiling of those estimators (for n ≤ 16). For n = 10, k = 5 that
 * ceiling is about 0.99, and I-MLE with central differences at λ = 0.1 and S = 1000 comes within a few hundredths of
 * it. Sum-of-Gamma noise with k = the subset size makes the total perturbation ⟨z, ε⟩ of each subset Gumbel, but with
 * per-item noise √k times smaller than Gumbel's and correlated across subsets, so perturb-and-MAP is much more
 * concentrated than the family: with {@code --noise SUM_OF_GAMMA} the same I-MLE estimates level off near 0.75.
 *
 * <p>With per-sample {@code dL/dz_s = 2(z_s − b)}, central differences tend to the gradient of the perturb-and-MAP
 * law as λ → 0; forward differences carry a bias of the order of the self term {@code 2z_s}, small in cosine here.
 * Adaptive I-MLE starts from β = 0 with step 1e-3 ({@code --aimle-beta-step}), as in the gradient script, so after
 * w warm-up passes β is at most w·step; it runs once per target norm of {@code --aimle-target-norms} (the script's
 * {@code --target}, 1 by default). The moving-average baseline of the score-function estimator is warmed up on the
 * same θ for as many calls.
 *
 * <p>SparseMAP is deterministic: its output is the projection μ(θ) of θ onto the capped simplex, the same for every S,
 * and its gradient {@code J_μ(θ)ᵀ·2(μ − b)} is the exact gradient of another, smoothed objective, {@code ‖μ(θ) − b‖²},
 * not an estimate of {@code ∇_θ E_p[L]}; its cosine says how far the two objectives' gradients point alike.
 *
 * <p>{@code --protocol AIMLE_CODE} runs the protocol of the adaptive I-MLE authors' gradient script
 * ({@code cli/gradient-cli.py} of torch-adaptive-imle): n = 20, k = 10, Gumbel noise, 64 seeds, S = 1 and 10, a λ
 * sweep (theirs is 1001 points from 0 to 100, here ten from 0.1 to 100 on a log scale), 100 warm-up passes. The λ
 * plot then shows, as that paper's "manual vs automatic λ" figure does, each adaptive estimator's cosine as a level
 * line across the sweep and, as a marker, the λ its controller chose (the mean over the seeds of the λ of the
 * measured pass). Each seed draws θ and b with {@code java.util.Random}, not NumPy's generator.
 *
 * <p>After the rows, the baselines of the score-function estimator are compared at {@code --baseline-samples}
 * (mean squared error to the exact gradient, its ratio to no baseline's, cosine; JSON key {@code baselines}); see
 * {@link BaselineComparison}.
 */
@Command(name = "gradient-fidelity",
        description = "Cosine similarity of gradient estimates to the exact gradient on the top-k synthetic.")
public final class GradientFidelityCommand extends SampleCommand<GradientFidelityCommand.Report> {
    @Mixin
    TopKOptions topK = new TopKOptions(10, 5, Noise.GUMBEL);

    @Mixin
    RepeatOptions repeats = new RepeatOptions(20);

    @Option(names = "--samples", split = ",", defaultValue = "1,10,100,1000",
            description = "Sample counts S (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int[] samples;

    @Option(names = "--lambdas", split = ",", defaultValue = "0.1,1,10,100",
            description = "λ of I-MLE (default: ${DEFAULT-VALUE}).")
    @Range.Positive double[] lambdas;

    @Option(names = "--warm-up", description = "Backward passes on the same θ before adaptive I-MLE and the "
            + "moving-average baseline are measured (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(0) int warmUp = 100;

    @Option(names = "--baseline-samples", split = ",", defaultValue = "1,10,100",
            description = "Sample counts S of the comparison of the score-function estimator's baselines "
                    + "(default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int[] baselineSamples;

    @Option(names = "--baseline-estimates", description = "Estimates per seed, baseline and S in the comparison of "
            + "the score-function estimator's baselines; 0 skips it (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(0) int baselineEstimates = 50;

    @Option(names = "--aimle-target-norms", split = ",", defaultValue = "1",
            description = "Target norms of adaptive I-MLE, one run each: the number of non-zero entries per "
                    + "(sample) gradient estimate its β steers towards, the gradient script's --target, 1 there and "
                    + "in the library (default: ${DEFAULT-VALUE}).")
    @Range.NonNegative double[] aimleTargetNorms;

    @Option(names = "--aimle-beta-step", description = "Adaptive I-MLE's β step, from β₀ = 0; the gradient script's "
            + "1e-3 lets β reach at most 0.1 in 100 warm-up passes (default: ${DEFAULT-VALUE}).")
    @Range.NonNegative double aimleBetaStep = 1e-3;

    @Option(names = "--protocol", description = "Preset of --n, --k, --noise, --repeats, --samples, --lambdas and "
            + "--warm-up, for the options not given: ${COMPLETION-CANDIDATES}; AIMLE_CODE is the adaptive I-MLE "
            + "code's gradient script (n = 20, k = 10, GUMBEL, 64 seeds, S = 1,10, λ from 0.1 to 100, 100 warm-up "
            + "passes) (default: ${DEFAULT-VALUE}).")
    Protocol protocol = Protocol.DEFAULT;

    /** The presets of {@code --protocol}. */
    enum Protocol {
        /** The options' own defaults. */
        DEFAULT,
        /** The adaptive I-MLE code's gradient script, {@code cli/gradient-cli.py}. */
        AIMLE_CODE
    }

    /** The λ sweep of {@link Protocol#AIMLE_CODE}: 0.1 to 100, about three points a decade. */
    static final double[] AIMLE_CODE_LAMBDAS = {0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100};

    /**
     * One estimator, and how it computes one estimate from S samples. Every estimate starts from a fresh estimator,
     * so that stateful ones (adaptive I-MLE's β, the moving-average baseline) see only the warm-up on the same θ.
     *
     * @param name the row label, e.g. {@code I-MLE central λ=0.1}
     * @param family the estimator without its λ: the series of the λ plot
     * @param lambda I-MLE's λ, or NaN for the others
     * @param minimumSamples the smallest S the estimator works with
     * @param estimate computes one estimate
     */
    record Candidate(String name, String family, double lambda, int minimumSamples, Estimate estimate) {}

    /** One gradient estimate for a problem from S samples. */
    @FunctionalInterface
    interface Estimate {
        GradientProbe.LayerEstimate of(GradientProbe probe, FidelityProblem problem, int samples);
    }

    /**
     * The cosine of one estimator at one S.
     *
     * @param estimator the row label
     * @param family the estimator without its λ
     * @param lambda I-MLE's λ, NaN for the others
     * @param samples S
     * @param meanCosine the cosine to the exact gradient, averaged over the seeds
     * @param standardError the standard error of that mean
     * @param chosenLambda the λ the estimator used in the measured pass, averaged over the seeds: I-MLE's own λ,
     *     where adaptive I-MLE's controller brought it, NaN for the estimators without one
     */
    record Row(String estimator, String family, double lambda, int samples, double meanCosine,
            double standardError, double chosenLambda) {}

    /**
     * Everything the command measured.
     *
     * @param randomCosine mean cosine of an isotropic random direction to the exact gradient, the chance level
     * @param plackettLuceCosine mean cosine of the exact gradient under Gumbel perturb-and-MAP to the exact gradient
     *     under the family, NaN when not computed (other noise, or n above 16)
     * @param baselines the score-function estimator's baselines compared ({@link BaselineComparison}), empty with
     *     {@code --baseline-estimates 0}
     */
    record Report(String protocol, int n, int k, int seeds, String noise, int warmUp, double[] lambdas,
            List<Row> rows, double randomCosine, double plackettLuceCosine, List<BaselineComparison.Row> baselines) {

        /** The row of an estimator at S, or null. */
        Row row(String estimator, int samples) {
            return rows.stream().filter(r -> r.estimator().equals(estimator) && r.samples() == samples)
                    .findFirst().orElse(null);
        }
    }

    @Override
    protected void report(Report report, ReportWriter writer) {
        print(report, writer);
        if (!report.baselines().isEmpty()) {
            BaselineComparison.print(report.baselines(), baselineSamples, setting() + ", " + repeats.count + " seeds, "
                    + baselineEstimates + " estimates each", writer);
        }
        writer.plot("gradient-fidelity-lambda.png", plotLambda(report));
        writer.plot("gradient-fidelity-samples.png", plotSamples(report));
    }

    @Override
    protected void validate() {
        if (protocol == Protocol.AIMLE_CODE) {
            topK.items = common.given("--n") ? topK.items : 20;
            topK.k = common.given("--k") ? topK.k : 10;
            topK.noise = common.given("--noise") ? topK.noise : Noise.GUMBEL;
            repeats.count = common.given("--repeats") ? repeats.count : 64;
            samples = common.given("--samples") ? samples : new int[] {1, 10};
            lambdas = common.given("--lambdas") ? lambdas : AIMLE_CODE_LAMBDAS.clone();
            warmUp = common.given("--warm-up") ? warmUp : 100;
        }
    }

    /** Runs every estimator at every S on every seed. */
    @Override
    protected Report compute() {
        int n = topK.items;
        boolean withPlackettLuce = topK.noise == Noise.GUMBEL && n <= PlackettLuceTopK.MAX_ITEMS;
        try (GradientProbe probe = topK.openProbe(common)) {
            Random seedSource = new Random(common.seed());
            List<FidelityProblem> problems = new ArrayList<>();
            for (int s = 0; s < repeats.count; s++) {
                problems.add(FidelityProblem.generate(n, seedSource.nextLong()));
            }
            List<double[]> exact = new ArrayList<>();
            double[] random = new double[repeats.count];
            double[] plackettLuce = new double[repeats.count];
            Random directions = new Random(seedSource.nextLong());
            for (FidelityProblem problem : problems) {
                double[] gradient = probe.exactGradient(problem.theta(), problem.b());
                double[] direction = new double[n];
                for (int i = 0; i < n; i++) {
                    direction[i] = directions.nextGaussian();
                }
                random[exact.size()] = GradientProbe.cosine(direction, gradient);
                plackettLuce[exact.size()] = withPlackettLuce
                        ? GradientProbe.cosine(probe.plackettLuceGradient(problem.theta(), problem.b()), gradient)
                        : Double.NaN;
                exact.add(gradient);
            }
            List<Candidate> candidates = candidates();
            List<Row> rows = new ArrayList<>();
            Progress progress = Progress.start("gradient-fidelity", (long) candidates.size() * samples.length);
            for (Candidate candidate : candidates) {
                for (int sampleCount : samples) {
                    double[] cosines = new double[repeats.count];
                    double[] chosen = new double[repeats.count];
                    for (int s = 0; s < repeats.count && sampleCount >= candidate.minimumSamples(); s++) {
                        GradientProbe.LayerEstimate estimate = candidate.estimate().of(probe, problems.get(s),
                                sampleCount);
                        cosines[s] = GradientProbe.cosine(estimate.gradient(), exact.get(s));
                        chosen[s] = estimate.lambda();
                    }
                    boolean measured = sampleCount >= candidate.minimumSamples();
                    rows.add(new Row(candidate.name(), candidate.family(), candidate.lambda(), sampleCount,
                            measured ? Statistics.mean(cosines) : Double.NaN,
                            measured ? Statistics.standardError(cosines) : Double.NaN,
                            measured ? Statistics.mean(chosen) : Double.NaN));
                    progress.step();
                }
            }
            progress.end();
            // After the rows, so that their draws, and numbers, do not depend on this comparison.
            List<BaselineComparison.Row> baselines = baselineEstimates == 0 ? List.of()
                    : BaselineComparison.measure(probe, problems, exact, baselineSamples, baselineEstimates, warmUp);
            return new Report(protocol.name(), n, topK.k, repeats.count, topK.noise.name(), warmUp, lambdas, rows,
                    Statistics.mean(random), Statistics.mean(plackettLuce), baselines);
        }
    }

    private List<Candidate> candidates() {
        List<Candidate> candidates = new ArrayList<>();
        for (EstimatorChoice imle : List.of(EstimatorChoice.IMLE, EstimatorChoice.IMLE_CENTRAL)) {
            for (double lambda : lambdas) {
                candidates.add(throughLayer(imle, Settings.defaults().withLambda(lambda), lambda, 0));
            }
        }
        // β₀ = 0, as in the gradient script: after w warm-up passes β is at most w·step.
        for (double targetNorm : aimleTargetNorms) {
            Settings adaptive = Settings.defaults().withAimle(0.0, aimleBetaStep, targetNorm);
            candidates.add(adaptive(EstimatorChoice.AIMLE_FORWARD, adaptive));
            candidates.add(adaptive(EstimatorChoice.AIMLE, adaptive));
        }
        candidates.add(throughLayer(EstimatorChoice.STE, Settings.defaults(), Double.NaN, 0));
        candidates.add(throughLayer(EstimatorChoice.SPARSEMAP, Settings.defaults(), Double.NaN, 0));
        candidates.add(scoreFunction("leave-one-out", Baseline::leaveOneOut, 2, 0));
        candidates.add(scoreFunction("moving average", () -> Baseline.movingAverage(0.9), 1, warmUp));
        return candidates;
    }

    /** Adaptive I-MLE after the warm-up, labelled with its target norm where that is not the library's 1. */
    private Candidate adaptive(EstimatorChoice choice, Settings settings) {
        Candidate candidate = throughLayer(choice, settings, Double.NaN, warmUp);
        return settings.targetNorm() == 1 ? candidate : new Candidate(candidate.name() + " c="
                + ReportWriter.fixed(settings.targetNorm(), settings.targetNorm() == Math.rint(settings.targetNorm())
                        ? 0 : 1), candidate.family(), Double.NaN, candidate.minimumSamples(), candidate.estimate());
    }

    /** A perturb-and-MAP estimator: a fresh top-k layer of S samples, so a fresh estimator, per estimate. */
    private Candidate throughLayer(EstimatorChoice choice, Settings settings, double lambda, int passes) {
        return new Candidate(choice.label(settings), choice.label(), lambda, 1, (probe, problem, samples) ->
                probe.estimate(choice.configure(probe.layer(samples, topK.noise), settings).build(),
                        problem.theta(), problem.b(), passes));
    }

    /** The score-function estimator with exact draws from the family and the true loss of each. */
    private static Candidate scoreFunction(String baselineName, Supplier<Baseline> baseline, int minimumSamples,
            int passes) {
        String name = "SFE " + baselineName;
        return new Candidate(name, name, Double.NaN, minimumSamples, (probe, problem, samples) ->
                new GradientProbe.LayerEstimate(probe.scoreFunctionGradient(baseline.get(), problem.theta(),
                        problem.b(), samples, passes), Double.NaN));
    }

    private void print(Report report, ReportWriter writer) {
        Table table = new Table(Stream.concat(Stream.of("estimator (cosine to exact ∇, " + setting() + ", "
                + repeats.count + " seeds)"), Arrays.stream(samples).mapToObj(s -> "S=" + s)).toArray(String[]::new));
        byEstimator(report).forEach((estimator, rows) -> table.row(Stream.concat(Stream.of(estimator), rows.stream()
                .map(row -> Double.isNaN(row.meanCosine()) ? "–" : ReportWriter.fixed(row.meanCosine(), 3) + " ± "
                        + ReportWriter.fixed(row.standardError(), 3))).toArray()));
        writer.table("", table);
        writer.line("random direction: %.3f", report.randomCosine());
        for (Row row : adaptiveRows(report)) {
            writer.line("%s, S=%d: λ chosen by the controller %.3f (mean over the seeds; β₀ = 0, step %s, %d "
                    + "warm-up passes)", row.estimator(), row.samples(), row.chosenLambda(), aimleBetaStep, warmUp);
        }
        if (!Double.isNaN(report.plackettLuceCosine())) {
            writer.line("exact gradient under Gumbel perturb-and-MAP (limit of I-MLE as λ → 0, S → ∞): %.3f",
                    report.plackettLuceCosine());
        }
    }

    private LinePlot plotLambda(Report report) {
        LinePlot plot = new LinePlot("Gradient fidelity vs λ (" + setting() + ")", "λ", "cosine to exact gradient")
                .logX();
        for (EstimatorChoice imle : List.of(EstimatorChoice.IMLE, EstimatorChoice.IMLE_CENTRAL)) {
            for (int sampleCount : samples) {
                double[] y = new double[lambdas.length];
                for (int i = 0; i < lambdas.length; i++) {
                    y[i] = report.row(imle.label(Settings.defaults().withLambda(lambdas[i])), sampleCount)
                            .meanCosine();
                }
                plot.series(imle.label() + ", S=" + sampleCount, lambdas.clone(), y);
            }
        }
        double[] x = {Arrays.stream(lambdas).min().orElseThrow(), Arrays.stream(lambdas).max().orElseThrow()};
        if (!Double.isNaN(report.plackettLuceCosine())) {
            double[] y = {report.plackettLuceCosine(), report.plackettLuceCosine()};
            plot.series("limit λ → 0, S → ∞ (Gumbel)", x, y);
        }
        // As in the adaptive I-MLE paper's "manual vs automatic λ": the adaptive estimate's cosine across the sweep,
        // and a marker at the λ it chose; a λ of 0 has no place on the log axis.
        for (Row row : adaptiveRows(report)) {
            String name = row.estimator() + ", S=" + row.samples();
            double[] across = {Math.min(x[0], row.chosenLambda() > 0 ? row.chosenLambda() : x[0]), x[1]};
            plot.series(name, across, new double[] {row.meanCosine(), row.meanCosine()});
            if (row.chosenLambda() > 0) {
                plot.series(name + ": chosen λ", new double[] {row.chosenLambda()}, new double[] {row.meanCosine()});
            }
        }
        return plot;
    }

    /** The measured rows of adaptive I-MLE, whose λ its controller chose. */
    private static List<Row> adaptiveRows(Report report) {
        List<String> adaptive = List.of(EstimatorChoice.AIMLE.label(), EstimatorChoice.AIMLE_FORWARD.label());
        return report.rows().stream().filter(row -> adaptive.contains(row.family())
                && !Double.isNaN(row.meanCosine())).toList();
    }

    private LinePlot plotSamples(Report report) {
        LinePlot plot = new LinePlot("Gradient fidelity vs S (" + setting() + ")", "samples S",
                "cosine to exact gradient").logX();
        byEstimator(report).forEach((estimator, rows) -> {
            List<Row> measured = rows.stream().filter(row -> !Double.isNaN(row.meanCosine())).toList();
            if (!measured.isEmpty()) {
                plot.series(estimator, measured.stream().mapToDouble(Row::samples).toArray(),
                        measured.stream().mapToDouble(Row::meanCosine).toArray());
            }
        });
        return plot;
    }

    /** The rows of each estimator, in the order of S, the estimators in the order they ran. */
    private static Map<String, List<Row>> byEstimator(Report report) {
        return report.rows().stream().collect(Collectors.groupingBy(Row::estimator, LinkedHashMap::new,
                Collectors.toList()));
    }

    private String setting() {
        return "n=" + topK.items + ", k=" + topK.k + ", " + topK.noise;
    }
}
