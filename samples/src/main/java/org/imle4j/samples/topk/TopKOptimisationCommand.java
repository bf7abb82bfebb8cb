package org.imle4j.samples.topk;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
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
 * {@link GradientProbe}). θ starts from N(0, I) by default: from θ = 0 adaptive I-MLE cannot move, its
 * {@code λ = β·‖θ‖/‖dL/dz‖} being 0. The score-function estimator uses the linearised reward, which for this loss
 * differs from the true one by a constant per problem that its leave-one-out baseline cancels.
 */
@Command(name = "topk-optimisation",
        description = "Minimises E‖z − b‖² over the scores of a top-k layer with each estimator; optimality gap.")
public final class TopKOptimisationCommand extends SampleCommand<TopKOptimisationCommand.Report> {
    @Mixin
    TopKOptions topK = new TopKOptions(10, 5, Noise.GUMBEL);

    @Option(names = "--steps", description = "SGD steps (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int steps = 100;

    @Mixin
    RepeatOptions repeats = new RepeatOptions(20);

    @Option(names = "--samples", description = "Samples S per step (default: ${DEFAULT-VALUE}).")
    // The leave-one-out baseline needs two samples.
    @Range.AtLeast(2) int samples = 10;

    @Option(names = "--learning-rate", description = "SGD learning rate η (default: ${DEFAULT-VALUE}).")
    @Range.Positive double learningRate = 0.2;

    @Option(names = "--momentum", description = "SGD momentum μ (default: ${DEFAULT-VALUE}).")
    double momentum = 0.9;

    @Option(names = "--init", description = "Initial θ: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; "
            + "from θ = 0 adaptive I-MLE never moves, its λ = β·‖θ‖/‖dL/dz‖ being 0).")
    TopKProblem.Init init = TopKProblem.Init.NORMAL;

    @Option(names = "--lambdas", split = ",", defaultValue = "0.3,1,3",
            description = "λ of I-MLE, one run each (default: ${DEFAULT-VALUE}).")
    @Range.Positive double[] lambdas;

    @Option(names = "--estimators", split = ",", converter = EstimatorChoice.Converter.class,
            defaultValue = "imle,aimle,ste,sfe,dbb,relaxed",
            description = "Estimators, from aimle, aimle-forward, imle and imle-central (once per --lambdas), dbb "
                    + "(--dbb-lambda), ste, po, sfe, relaxed (--temperature) (default: ${DEFAULT-VALUE}).")
    List<EstimatorChoice> estimators;

    @Option(names = "--dbb-lambda", description = "λ of blackbox differentiation (default: ${DEFAULT-VALUE}).")
    @Range.Positive double blackboxLambda = 1;

    @Option(names = "--temperature", description = "Temperature of relaxed top-k, which always uses Gumbel noise "
            + "(default: ${DEFAULT-VALUE}).")
    @Range.Positive double temperature = 0.5;

    /**
     * One estimator: a fresh layer, so a fresh estimator state, for each repeat.
     *
     * @param name the label of tables and plots
     * @param layer makes the layer
     */
    record Method(String name, Supplier<SolverLayer> layer) {}

    /**
     * One estimator's optimisation, averaged over the repeats.
     *
     * @param estimator the estimator's label
     * @param meanGap the mean optimality gap of the family's expected loss after 0, 1, …, steps steps
     * @param meanMapGap the mean optimality gap of the MAP solution after 0, 1, …, steps steps
     * @param finalGapStandardError the standard error of the final mean gap
     * @param optimalShare the share of repeats whose final MAP solution is the best subset
     */
    record Curve(String estimator, double[] meanGap, double[] meanMapGap, double finalGapStandardError,
            double optimalShare) {

        double initialGap() {
            return meanGap[0];
        }

        double finalGap() {
            return meanGap[meanGap.length - 1];
        }

        double finalMapGap() {
            return meanMapGap[meanMapGap.length - 1];
        }
    }

    /** Everything the command measured. */
    record Report(int n, int k, int steps, int repeats, int samples, String init, String noise, double learningRate,
            double momentum, List<Curve> curves) {}

    @Override
    protected void report(Report report, ReportWriter writer) {
        print(report, writer);
        writer.plot("topk-optimisation.png", plot(report));
    }

    @Override
    protected void validate() {
        if (!(momentum >= 0 && momentum < 1)) {
            throw common.invalid("--momentum", momentum, "in [0, 1)");
        }
    }

    /** Optimises every repeat with every estimator. */
    @Override
    protected Report compute() {
        try (GradientProbe probe = topK.openProbe(common)) {
            Random seedSource = new Random(common.seed());
            List<TopKProblem> problems = new ArrayList<>();
            for (int r = 0; r < repeats.count; r++) {
                problems.add(TopKProblem.generate(topK.items, seedSource.nextLong(), init));
            }
            List<Method> methods = methods(probe);
            List<Curve> curves = new ArrayList<>();
            Progress progress = Progress.start("topk-optimisation", (long) methods.size() * repeats.count);
            for (Method method : methods) {
                double[][] gaps = new double[repeats.count][];
                double[][] mapGaps = new double[repeats.count][];
                double[] finalGaps = new double[repeats.count];
                int optimal = 0;
                for (int r = 0; r < repeats.count; r++) {
                    gaps[r] = new double[steps + 1];
                    mapGaps[r] = new double[steps + 1];
                    optimise(probe, method.layer().get(), problems.get(r), gaps[r], mapGaps[r]);
                    finalGaps[r] = gaps[r][steps];
                    optimal += mapGaps[r][steps] < 1e-9 ? 1 : 0;
                    progress.step();
                }
                curves.add(new Curve(method.name(), columnMeans(gaps), columnMeans(mapGaps),
                        Statistics.standardError(finalGaps), optimal / (double) repeats.count));
            }
            progress.end();
            return new Report(topK.items, topK.k, steps, repeats.count, samples, init.name(),
                    topK.noise.name(), learningRate, momentum, curves);
        }
    }

    /**
     * SGD with momentum on θ alone, a leaf updated by hand ({@code v ← μ·v + g}, {@code θ ← θ − η·v}): the experiment
     * optimises the scores themselves, with no model to hand to a trainer. Fills the gaps before each step and after
     * the last.
     */
    private void optimise(GradientProbe probe, SolverLayer layer, TopKProblem problem, double[] gaps,
            double[] mapGaps) {
        double[] theta = problem.initialTheta().clone();
        double[] velocity = new double[theta.length];
        for (int step = 0; ; step++) {
            gaps[step] = probe.expectedGap(theta, problem.b());
            mapGaps[step] = probe.mapGap(theta, problem.b());
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

    /** Each chosen estimator, I-MLE once per λ of {@code --lambdas}. */
    private List<Method> methods(GradientProbe probe) {
        Settings relaxed = Settings.defaults().withRelaxation(temperature, topK.k);
        List<Method> methods = new ArrayList<>();
        for (EstimatorChoice choice : estimators) {
            double[] sweep = switch (choice) {
                case IMLE, IMLE_CENTRAL -> lambdas;
                default -> new double[] {blackboxLambda};
            };
            for (double lambda : sweep) {
                Settings settings = relaxed.withLambda(lambda);
                methods.add(new Method(choice.label(settings),
                        () -> choice.configure(probe.layer(samples, topK.noise), settings).build()));
            }
        }
        return methods;
    }

    private void print(Report report, ReportWriter writer) {
        int middle = steps / 2;
        Table table = new Table("estimator (gap E_p‖z−b‖² − min, n=" + topK.items + ", k=" + topK.k
                + ", " + repeats.count + " repeats)", "step 0", "step " + middle, "step " + steps, "± s.e.",
                "MAP gap", "MAP optimal");
        for (Curve curve : report.curves()) {
            table.row(curve.estimator(), ReportWriter.fixed(curve.initialGap(), 3),
                    ReportWriter.fixed(curve.meanGap()[middle], 3), ReportWriter.fixed(curve.finalGap(), 3),
                    ReportWriter.fixed(curve.finalGapStandardError(), 3), ReportWriter.fixed(curve.finalMapGap(), 3),
                    ReportWriter.fixed(100 * curve.optimalShare(), 0) + "%");
        }
        writer.table("", table);
    }

    private LinePlot plot(Report report) {
        LinePlot plot = new LinePlot("Top-k optimisation (n=" + topK.items + ", k=" + topK.k + ", S="
                + samples + ", " + topK.noise + ")", "step", "E_p‖z − b‖² − min (mean of " + repeats.count + ")")
                .logY();
        double[] x = new double[steps + 1];
        for (int step = 0; step <= steps; step++) {
            x[step] = step;
        }
        for (Curve curve : report.curves()) {
            double[] y = curve.meanGap().clone();
            for (int step = 0; step <= steps; step++) {
                // A log axis cannot show 0; the gap of a distribution is positive anyway, up to rounding.
                y[step] = Math.max(y[step], 1e-12);
            }
            plot.series(curve.estimator(), x, y);
        }
        return plot;
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
