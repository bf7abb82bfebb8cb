package org.imle4j.samples.topk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.imle4j.annotation.Noise;
import org.imle4j.runtime.SolverLayer;
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
 * The synthetic of the I-MLE paper (Niepert, Minervini and Franceschi, NeurIPS 2021): minimise
 * {@code E_z[‖z − b‖²]} over θ, z a k-subset of n items drawn by the top-k layer from θ, by SGD with momentum on θ
 * alone (a leaf, updated by hand: {@code v ← μ·v + g}, {@code θ ← θ − η·v}).
 *
 * <p>The reported optimality gap after each step is {@code E_p[‖z − b‖²] − min_z ‖z − b‖²} with p the k-subset
 * exponential family {@code p(z; θ) ∝ exp⟨z, θ⟩}, computed exactly by enumerating the C(n, k) subsets: one yardstick
 * for every estimator, although perturb-and-MAP with Gumbel noise samples a slightly different law (the first k
 * items of a Plackett–Luce draw). The gap of the MAP solution, {@code ‖top-k(θ) − b‖² − min}, is reported as well; it
 * reaches 0 once the top-k of θ is the best subset. Both are averaged over the repeats, each with its own b
 * ({@link TopKProblem}).
 *
 * <p>Every estimator draws S samples per step (the loss {@code Σ_s ‖z_s − b‖²} gives each its own gradient, see
 * {@link GradientProbe}), for each S of {@code --samples}. Every estimator runs once per learning rate of
 * {@code --learning-rates} (I-MLE also once per λ of {@code --lambdas}, adaptive I-MLE once per setting of
 * {@code --aimle-settings}: the reference library's defaults and the paper's experimental settings); the report
 * shows each estimator at its best learning rate (and λ), the one with the lowest final mean gap, so that none is
 * compared at a step size that suits another. The choice is made on the problems it is reported on. θ starts from N(0, I) by default: from θ = 0 adaptive I-MLE cannot move, its
 * {@code λ = β·‖θ‖/‖dL/dz‖} being 0. The score-function estimator uses the linearised reward, which for this loss
 * differs from the true one by a constant per problem that its leave-one-out baseline cancels. SparseMAP descends the
 * smoothed loss {@code ‖μ(θ) − b‖²} of its deterministic output μ, the projection of θ onto the capped simplex, so S
 * does not change it.
 */
@Command(name = "topk-optimisation",
        description = "Minimises E‖z − b‖² over the scores of a top-k layer with each estimator at its best learning "
                + "rate (and λ) of one grid; optimality gap.")
public final class TopKOptimisationCommand extends SampleCommand<TopKOptimisationCommand.Report> {
    @Mixin
    TopKOptions topK = new TopKOptions(10, 5, Noise.GUMBEL);

    @Option(names = "--steps", description = "SGD steps (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int steps = 100;

    @Mixin
    RepeatOptions repeats = new RepeatOptions(20);

    @Option(names = "--samples", split = ",", defaultValue = "1,10",
            description = "Samples S per step, one comparison each; the score-function estimator's leave-one-out "
                    + "baseline needs S ≥ 2 and is left out below (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int[] samples;

    @Option(names = {"--learning-rates", "--learning-rate"}, split = ",", defaultValue = "0.05,0.2,1,5",
            description = "SGD learning rates η, the grid every estimator's best is chosen from "
                    + "(default: ${DEFAULT-VALUE}).")
    @Range.Positive double[] learningRates;

    @Option(names = "--momentum", description = "SGD momentum μ (default: ${DEFAULT-VALUE}).")
    double momentum = 0.9;

    @Option(names = "--init", description = "Initial θ: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; "
            + "from θ = 0 adaptive I-MLE never moves, its λ = β·‖θ‖/‖dL/dz‖ being 0).")
    TopKProblem.Init init = TopKProblem.Init.NORMAL;

    @Option(names = "--lambdas", split = ",", defaultValue = "0.3,1,3,10",
            description = "λ of I-MLE, the grid its best is chosen from with the learning rate "
                    + "(default: ${DEFAULT-VALUE}).")
    @Range.Positive double[] lambdas;

    @Option(names = "--aimle-settings", split = ",", defaultValue = "REFERENCE,PAPER",
            description = "Settings of adaptive I-MLE, one run each, from ${COMPLETION-CANDIDATES}: REFERENCE (the "
                    + "library's defaults, β₀ = 1, step 1e-4), PAPER (the AAAI 2023 experiments', β₀ = 0, step 1e-3), "
                    + "FAST (β₀ = 0, step 1e-2) (default: ${DEFAULT-VALUE}).")
    List<AimleSetting> aimleSettings;

    @Option(names = "--aimle-target-norms", split = ",", defaultValue = "1",
            description = "Target norms of adaptive I-MLE, each run with every --aimle-settings: the number of "
                    + "non-zero entries per (sample) gradient estimate its β steers towards; 1 in the library and in "
                    + "the paper's scripts, 10 in its discrete VAE command (default: ${DEFAULT-VALUE}).")
    @Range.NonNegative double[] aimleTargetNorms;

    @Option(names = "--estimators", split = ",", converter = EstimatorChoice.Converter.class,
            defaultValue = "imle,aimle,ste,sfe,dbb,relaxed,sparsemap",
            description = "Estimators, from aimle and aimle-forward (once per --aimle-settings), imle and "
                    + "imle-central (once per --lambdas), dbb (--dbb-lambda), ste, po, sfe, relaxed (--temperature), "
                    + "sparsemap (default: ${DEFAULT-VALUE}).")
    List<EstimatorChoice> estimators;

    @Option(names = "--dbb-lambda", description = "λ of blackbox differentiation (default: ${DEFAULT-VALUE}).")
    @Range.Positive double blackboxLambda = 1;

    @Option(names = "--temperature", description = "Temperature of relaxed top-k, which always uses Gumbel noise "
            + "(default: ${DEFAULT-VALUE}).")
    @Range.Positive double temperature = 0.5;

    /** Adaptive I-MLE's β₀ and β step: the reference library's defaults, or the paper's experimental settings. */
    enum AimleSetting {
        /** torch-adaptive-imle's defaults, those of {@code Estimators.aimle()}: β₀ = 1, step 1e-4. */
        REFERENCE(1.0, 1e-4),
        /** The AAAI 2023 paper's experiments (and its gradient scripts): β₀ = 0, step 1e-3. */
        PAPER(0.0, 1e-3),
        /** β₀ = 0 with a step ten times the paper's, so that β can reach 1 within 100 steps. */
        FAST(0.0, 1e-2);

        final double initialBeta;
        final double betaUpdateStep;

        AimleSetting(double initialBeta, double betaUpdateStep) {
            this.initialBeta = initialBeta;
            this.betaUpdateStep = betaUpdateStep;
        }

        String suffix(double targetNorm) {
            return String.format(Locale.ROOT, " (β₀=%s, step 1e%d%s)", initialBeta == 0 ? "0" : "1",
                    Math.round(Math.log10(betaUpdateStep)), targetNorm == 1 ? ""
                            : ", c=" + (targetNorm == Math.rint(targetNorm) ? String.valueOf((long) targetNorm)
                                    : String.valueOf(targetNorm)));
        }
    }

    /**
     * One configuration of the grid: a fresh layer, so a fresh estimator state, for each repeat.
     *
     * @param name the estimator's label, with λ or adaptive I-MLE's setting where they vary
     * @param family the label of the estimator the best configuration is chosen for
     * @param lambda I-MLE's λ, NaN for the others
     * @param layer makes the layer
     */
    record Method(String name, String family, double lambda, Supplier<SolverLayer> layer) {}

    /**
     * One configuration's optimisation, averaged over the repeats.
     *
     * @param estimator the estimator's label, with λ or adaptive I-MLE's setting where they vary
     * @param family the estimator the best configuration is chosen for: I-MLE without its λ
     * @param samples S
     * @param learningRate η
     * @param lambda I-MLE's λ, NaN for the others
     * @param meanGap the mean optimality gap of the family's expected loss after 0, 1, …, steps steps
     * @param meanMapGap the mean optimality gap of the MAP solution after 0, 1, …, steps steps
     * @param meanMargin the mean margin of θ after 0, 1, …, steps steps: its k-th largest score minus its (k+1)-th,
     *     how far θ is from changing its MAP; against the noise's scale (1) it says how concentrated the family is
     * @param finalGapStandardError the standard error of the final mean gap
     * @param optimalShare the share of repeats whose final MAP solution is the best subset
     */
    record Curve(String estimator, String family, int samples, double learningRate, double lambda, double[] meanGap,
            double[] meanMapGap, double[] meanMargin, double finalGapStandardError, double optimalShare) {

        double initialGap() {
            return meanGap[0];
        }

        double finalGap() {
            return meanGap[meanGap.length - 1];
        }

        double finalMapGap() {
            return meanMapGap[meanMapGap.length - 1];
        }

        double finalMargin() {
            return meanMargin[meanMargin.length - 1];
        }
    }

    /**
     * Everything the command measured.
     *
     * @param curves every configuration of the grid, at every S
     * @param best per S and estimator family, the configuration with the lowest final mean gap
     */
    record Report(int n, int k, int steps, int repeats, int[] samples, String init, String noise,
            double[] learningRates, double[] lambdas, double momentum, List<Curve> curves, List<Curve> best) {}

    @Override
    protected void report(Report report, ReportWriter writer) {
        print(report, writer);
        for (int sampleCount : report.samples()) {
            writer.plot("topk-optimisation-S" + sampleCount + ".png", plot(report, sampleCount));
        }
    }

    @Override
    protected void validate() {
        if (!(momentum >= 0 && momentum < 1)) {
            throw common.invalid("--momentum", momentum, "in [0, 1)");
        }
    }

    /** Optimises every repeat with every configuration of the grid, at every S. */
    @Override
    protected Report compute() {
        try (GradientProbe probe = topK.openProbe(common)) {
            Random seedSource = new Random(common.seed());
            List<TopKProblem> problems = new ArrayList<>();
            for (int r = 0; r < repeats.count; r++) {
                problems.add(TopKProblem.generate(topK.items, seedSource.nextLong(), init));
            }
            Map<Integer, List<Method>> methods = new LinkedHashMap<>();
            for (int sampleCount : samples) {
                methods.put(sampleCount, methods(probe, sampleCount));
            }
            long runs = methods.values().stream().mapToLong(List::size).sum() * learningRates.length * repeats.count;
            Progress progress = Progress.start("topk-optimisation", runs);
            List<Curve> curves = new ArrayList<>();
            methods.forEach((sampleCount, configurations) -> {
                for (Method method : configurations) {
                    for (double learningRate : learningRates) {
                        curves.add(run(probe, method, sampleCount, learningRate, problems, progress));
                    }
                }
            });
            progress.end();
            return new Report(topK.items, topK.k, steps, repeats.count, samples, init.name(), topK.noise.name(),
                    learningRates, lambdas, momentum, curves, best(curves));
        }
    }

    private Curve run(GradientProbe probe, Method method, int sampleCount, double learningRate,
            List<TopKProblem> problems, Progress progress) {
        double[][] gaps = new double[repeats.count][];
        double[][] mapGaps = new double[repeats.count][];
        double[][] margins = new double[repeats.count][];
        double[] finalGaps = new double[repeats.count];
        int optimal = 0;
        for (int r = 0; r < repeats.count; r++) {
            gaps[r] = new double[steps + 1];
            mapGaps[r] = new double[steps + 1];
            margins[r] = new double[steps + 1];
            optimise(probe, method.layer().get(), problems.get(r), learningRate, gaps[r], mapGaps[r], margins[r]);
            finalGaps[r] = gaps[r][steps];
            optimal += mapGaps[r][steps] < 1e-9 ? 1 : 0;
            progress.step();
        }
        return new Curve(method.name(), method.family(), sampleCount, learningRate, method.lambda(),
                columnMeans(gaps), columnMeans(mapGaps), columnMeans(margins), Statistics.standardError(finalGaps),
                optimal / (double) repeats.count);
    }

    /** Per S and family, in the order they ran, the configuration with the lowest final mean gap. */
    private static List<Curve> best(List<Curve> curves) {
        Map<String, List<Curve>> groups = curves.stream().collect(Collectors.groupingBy(
                c -> c.samples() + "/" + c.family(), LinkedHashMap::new, Collectors.toList()));
        return groups.values().stream()
                .map(group -> group.stream().min(Comparator.comparingDouble(Curve::finalGap)).orElseThrow())
                .toList();
    }

    /**
     * SGD with momentum on θ alone, a leaf updated by hand ({@code v ← μ·v + g}, {@code θ ← θ − η·v}): the experiment
     * optimises the scores themselves, with no model to hand to a trainer. Fills the gaps and θ's margins before each
     * step and after the last.
     */
    private void optimise(GradientProbe probe, SolverLayer layer, TopKProblem problem, double learningRate,
            double[] gaps, double[] mapGaps, double[] margins) {
        double[] theta = problem.initialTheta().clone();
        double[] velocity = new double[theta.length];
        for (int step = 0; ; step++) {
            gaps[step] = probe.expectedGap(theta, problem.b());
            mapGaps[step] = probe.mapGap(theta, problem.b());
            margins[step] = margin(theta, topK.k);
            if (step == steps) {
                return;
            }
            double[] gradient = probe.gradient(layer, theta, problem.b());
            for (int i = 0; i < theta.length; i++) {
                velocity[i] = momentum * velocity[i] + gradient[i];
                theta[i] -= learningRate * velocity[i];
            }
        }
    }

    /**
     * Each chosen estimator at S samples, I-MLE once per λ of {@code --lambdas}, adaptive I-MLE once per setting;
     * the score function only from S = 2, which its leave-one-out baseline needs.
     */
    private List<Method> methods(GradientProbe probe, int sampleCount) {
        Settings relaxed = Settings.defaults().withRelaxation(temperature, topK.k);
        List<Method> methods = new ArrayList<>();
        for (EstimatorChoice choice : estimators) {
            switch (choice) {
                case IMLE, IMLE_CENTRAL -> {
                    for (double lambda : lambdas) {
                        Settings settings = relaxed.withLambda(lambda);
                        methods.add(new Method(choice.label(settings), choice.label(), lambda,
                                () -> choice.configure(probe.layer(sampleCount, topK.noise), settings).build()));
                    }
                }
                case AIMLE, AIMLE_FORWARD -> {
                    for (AimleSetting setting : aimleSettings) {
                        for (double targetNorm : aimleTargetNorms) {
                            Settings settings = relaxed.withAimle(setting.initialBeta, setting.betaUpdateStep,
                                    targetNorm);
                            String name = choice.label() + setting.suffix(targetNorm);
                            methods.add(new Method(name, name, Double.NaN,
                                    () -> choice.configure(probe.layer(sampleCount, topK.noise), settings).build()));
                        }
                    }
                }
                case SFE -> {
                    if (sampleCount >= 2) {
                        methods.add(new Method(choice.label(), choice.label(), Double.NaN,
                                () -> choice.configure(probe.layer(sampleCount, topK.noise), relaxed).build()));
                    }
                }
                default -> {
                    Settings settings = relaxed.withLambda(blackboxLambda);
                    methods.add(new Method(choice.label(settings), choice.label(settings), Double.NaN,
                            () -> choice.configure(probe.layer(sampleCount, topK.noise), settings).build()));
                }
            }
        }
        return methods;
    }

    private void print(Report report, ReportWriter writer) {
        int middle = steps / 2;
        for (int sampleCount : report.samples()) {
            Table table = new Table("estimator (S=" + sampleCount + ", gap E_p‖z−b‖² − min, n=" + topK.items
                    + ", k=" + topK.k + ", " + repeats.count + " repeats)", "best η", "best λ", "step 0",
                    "step " + middle, "step " + steps, "± s.e.", "MAP gap", "MAP optimal", "θ margin");
            for (Curve curve : report.best()) {
                if (curve.samples() == sampleCount) {
                    table.row(curve.family(), ReportWriter.fixed(curve.learningRate(), 2),
                            Double.isNaN(curve.lambda()) ? "–" : ReportWriter.fixed(curve.lambda(), 1),
                            ReportWriter.fixed(curve.initialGap(), 3), ReportWriter.fixed(curve.meanGap()[middle], 3),
                            ReportWriter.fixed(curve.finalGap(), 3), ReportWriter.fixed(curve.finalGapStandardError(),
                                    3), ReportWriter.fixed(curve.finalMapGap(), 3),
                            ReportWriter.fixed(100 * curve.optimalShare(), 0) + "%",
                            ReportWriter.fixed(curve.finalMargin(), 2));
                }
            }
            writer.table(sampleCount == report.samples()[0] ? "" : String.format("%n"), table);
        }
        writer.line("%nBest of the grid η ∈ %s%s by the final mean gap, on the reported problems.",
                join(report.learningRates()), estimators.contains(EstimatorChoice.IMLE)
                        || estimators.contains(EstimatorChoice.IMLE_CENTRAL)
                        ? " (I-MLE also λ ∈ " + join(report.lambdas()) + ")" : "");
    }

    private static String join(double[] values) {
        return Arrays.stream(values).mapToObj(v -> ReportWriter.fixed(v, v < 0.1 ? 2 : 1))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private LinePlot plot(Report report, int sampleCount) {
        LinePlot plot = new LinePlot("Top-k optimisation (n=" + topK.items + ", k=" + topK.k + ", S="
                + sampleCount + ", " + topK.noise + ", best η each)", "step",
                "E_p‖z − b‖² − min (mean of " + repeats.count + ")").logY();
        double[] x = new double[steps + 1];
        for (int step = 0; step <= steps; step++) {
            x[step] = step;
        }
        for (Curve curve : report.best()) {
            if (curve.samples() != sampleCount) {
                continue;
            }
            double[] y = curve.meanGap().clone();
            for (int step = 0; step <= steps; step++) {
                // A log axis cannot show 0; the gap of a distribution is positive anyway, up to rounding.
                y[step] = Math.max(y[step], 1e-12);
            }
            plot.series(curve.estimator() + ", η=" + ReportWriter.fixed(curve.learningRate(), 2), x, y);
        }
        return plot;
    }

    /** θ's k-th largest score minus its (k+1)-th; 0 when k is every item, as nothing could take a place. */
    static double margin(double[] theta, int k) {
        if (k >= theta.length) {
            return 0;
        }
        double[] sorted = theta.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length - k] - sorted[sorted.length - k - 1];
    }

    private static double[] columnMeans(double[][] rows) {
        double[] means = new double[rows[0].length];
        for (double[] row : rows) {
            for (int c = 0; c < means.length; c++) {
                means[c] += row[c] / rows.length;
            }
        }
        return means;
    }
}
