package org.imle4j.samples.topk;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.imle4j.annotation.Difference;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.estimator.Baseline;
import org.imle4j.runtime.estimator.Estimators;
import org.imle4j.runtime.estimator.ExponentialFamily;
import org.imle4j.runtime.estimator.GradientEstimator;
import org.imle4j.runtime.exact.KSubsets;
import org.imle4j.runtime.solvers.BatchTopKLayer;
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
 * <p>Every estimator draws S samples per step ({@link Method} explains how the loss is scaled so that all estimate
 * the same gradient). θ starts from N(0, I) by default: from θ = 0 adaptive I-MLE cannot move, its
 * {@code λ = β·‖θ‖/‖dL/dz‖} being 0. The score-function estimator uses the linearised reward, which for this loss
 * differs from the true one by a constant per problem that its leave-one-out baseline cancels.
 */
@Command(name = "topk-optimisation", mixinStandardHelpOptions = true,
        description = "Minimises E‖z − b‖² over the scores of a top-k layer with each estimator; optimality gap.")
public final class TopKOptimisationCommand implements Callable<Integer> {
    /** Creates the command; picocli fills its options from the command line. */
    public TopKOptimisationCommand() {}

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions output;

    @Option(names = "--n", description = "Items n (default: ${DEFAULT-VALUE}).")
    int items = 10;

    @Option(names = "--k", description = "Items selected k (default: ${DEFAULT-VALUE}).")
    int k = 5;

    @Option(names = "--steps", description = "SGD steps (default: ${DEFAULT-VALUE}).")
    int steps = 100;

    @Option(names = "--repeats", description = "Independent problems averaged over (default: ${DEFAULT-VALUE}).")
    int repeats = 20;

    @Option(names = "--samples", description = "Samples S per step (default: ${DEFAULT-VALUE}).")
    int samples = 10;

    @Option(names = "--lr", description = "SGD learning rate η (default: ${DEFAULT-VALUE}).")
    double learningRate = 0.2;

    @Option(names = "--momentum", description = "SGD momentum μ (default: ${DEFAULT-VALUE}).")
    double momentum = 0.9;

    @Option(names = "--init", description = "Initial θ: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; "
            + "from θ = 0 adaptive I-MLE never moves, its λ = β·‖θ‖/‖dL/dz‖ being 0).")
    TopKProblem.Init init = TopKProblem.Init.NORMAL;

    @Option(names = "--noise", description = "Perturbation: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; "
            + "SUM_OF_GAMMA uses k = the subset size; relaxed top-k always uses Gumbel).")
    Noise noise = Noise.GUMBEL;

    @Option(names = "--lambdas", split = ",", defaultValue = "0.3,1,3",
            description = "λ of I-MLE (default: ${DEFAULT-VALUE}).")
    double[] lambdas;

    @Option(names = "--dbb-lambda", description = "λ of blackbox differentiation (default: ${DEFAULT-VALUE}).")
    double blackboxLambda = 1;

    @Option(names = "--temperature", description = "Temperature of relaxed top-k (default: ${DEFAULT-VALUE}).")
    double temperature = 0.5;

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
    public Integer call() {
        Report report = output.withTorchThreads(this::run);
        print(report);
        Path folder = output.folder();
        Results.write(folder.resolve("topk-optimisation.json"), report);
        plot(report).save(folder.resolve("topk-optimisation.png"));
        return 0;
    }

    /** Optimises every repeat with every estimator. */
    Report run() {
        validate();
        Engine.getInstance().setRandomSeed(output.seed());
        KSubsets subsets = KSubsets.of(items, k);
        Random seedSource = new Random(output.seed());
        List<TopKProblem> problems = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            problems.add(TopKProblem.generate(items, seedSource.nextLong(), init));
        }
        List<Method> methods = methods();
        List<Curve> curves = new ArrayList<>();
        Progress progress = Progress.start("topk-optimisation", (long) methods.size() * repeats * steps);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Method method : methods) {
                double[][] gaps = new double[repeats][];
                double[][] mapGaps = new double[repeats][];
                for (int r = 0; r < repeats; r++) {
                    double[][] trajectory = optimise(method, problems.get(r), subsets, manager, progress);
                    gaps[r] = trajectory[0];
                    mapGaps[r] = trajectory[1];
                }
                double[] finalGaps = new double[repeats];
                int optimal = 0;
                for (int r = 0; r < repeats; r++) {
                    finalGaps[r] = gaps[r][steps];
                    optimal += mapGaps[r][steps] < 1e-9 ? 1 : 0;
                }
                curves.add(new Curve(method.name(), columnMeans(gaps), columnMeans(mapGaps),
                        Statistics.standardError(finalGaps), optimal / (double) repeats));
            }
        }
        progress.end();
        return new Report(items, k, steps, repeats, samples, init.name(), noise.name(), learningRate, momentum,
                curves);
    }

    /** The gaps {@code [expected, MAP][step]} of one repeat under one estimator. */
    private double[][] optimise(Method method, TopKProblem problem, KSubsets subsets, NDManager manager,
            Progress progress) {
        double[] losses = subsets.squaredDistances(problem.b());
        double best = KSubsets.minimum(losses);
        SolverLayer layer = method.layer().get();
        double[] theta = problem.initialTheta().clone();
        double[] velocity = new double[items];
        double[] gaps = new double[steps + 1];
        double[] mapGaps = new double[steps + 1];
        for (int step = 0; ; step++) {
            gaps[step] = subsets.expectation(theta, losses) - best;
            mapGaps[step] = squaredDistance(topK(theta), problem.b()) - best;
            if (step == steps) {
                break;
            }
            double[] gradient = gradient(layer, manager, theta, problem.b());
            for (int i = 0; i < items; i++) {
                velocity[i] = momentum * velocity[i] + gradient[i];
                theta[i] -= learningRate * velocity[i];
            }
            progress.step();
        }
        return new double[][] {gaps, mapGaps};
    }

    /** The layer's estimate of {@code ∇_θ E‖z − b‖²} from one forward pass of S samples. */
    private double[] gradient(SolverLayer layer, NDManager manager, double[] theta, double[] b) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray thetaArray = row(scope, theta);
            thetaArray.setRequiresGradient(true);
            NDArray target = row(scope, b);
            try (GradientCollector collector = ImleGradientCollector.open()) {
                NDArray z = layer.forward(new ParameterStore(scope, false), new NDList(thetaArray), true)
                        .singletonOrThrow();
                NDArray loss = z.sub(target).square().sum();
                collector.backward(loss);
            }
            return thetaArray.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
        }
    }

    private List<Method> methods() {
        List<Method> methods = new ArrayList<>();
        for (double lambda : lambdas) {
            methods.add(new Method("I-MLE λ=" + format(lambda),
                    () -> layer(noise, Difference.FORWARD, Estimators.imle(lambda))));
        }
        methods.add(new Method("AIMLE central", () -> layer(noise, Difference.CENTRAL, Estimators.aimle())));
        methods.add(new Method("STE", () -> layer(noise, Difference.FORWARD, Estimators.ste())));
        methods.add(new Method("SFE leave-one-out", () -> layer(noise, Difference.FORWARD,
                Estimators.scoreFunction(ExponentialFamily.kSubset(k), Baseline.leaveOneOut()))));
        methods.add(new Method("DBB λ=" + format(blackboxLambda),
                () -> layer(noise, Difference.FORWARD, Estimators.blackbox(blackboxLambda))));
        methods.add(new Method("relaxed top-k t=" + format(temperature),
                () -> layer(Noise.GUMBEL, Difference.FORWARD, Estimators.relaxedTopK(k, temperature))));
        return methods;
    }

    private SolverLayer layer(Noise layerNoise, Difference difference, GradientEstimator estimator) {
        return BatchTopKLayer.builder().setK(k).optSamples(samples).optNoise(layerNoise).optSumOfGammaK(k)
                .optDifference(difference).optOutput(Output.SAMPLES).optEstimator(estimator).build();
    }

    private void validate() {
        if (k < 1 || k > items) {
            throw new ParameterException(spec.commandLine(),
                    "--k must be between 1 and --n = " + items + ", but was " + k);
        }
        if (steps < 1 || repeats < 1 || samples < 2) {
            throw new ParameterException(spec.commandLine(),
                    "--steps and --repeats must be at least 1 and --samples at least 2 "
                    + "(the leave-one-out baseline needs two), but were " + steps + ", " + repeats + ", " + samples);
        }
        if (!(learningRate > 0) || !(momentum >= 0 && momentum < 1)) {
            throw new ParameterException(spec.commandLine(),
                    "--lr must be positive and --momentum in [0, 1), but were "
                    + learningRate + " and " + momentum);
        }
    }

    private void print(Report report) {
        int middle = steps / 2;
        Table table = new Table("estimator (gap E_p‖z−b‖² − min, n=" + items + ", k=" + k + ", " + repeats
                + " repeats)", "step 0", "step " + middle, "step " + steps, "± s.e.", "MAP gap", "MAP optimal");
        for (Curve curve : report.curves()) {
            table.row(curve.estimator(), format3(curve.initialGap()), format3(curve.meanGap()[middle]),
                    format3(curve.finalGap()), format3(curve.finalGapStandardError()), format3(curve.finalMapGap()),
                    String.format("%.0f%%", 100 * curve.optimalShare()));
        }
        table.print(System.out);
    }

    private LinePlot plot(Report report) {
        LinePlot plot = new LinePlot("Top-k optimisation (n=" + items + ", k=" + k + ", S=" + samples + ", "
                + noise + ")", "step", "E_p‖z − b‖² − min (mean of " + repeats + ")").logY();
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

    /** The top-k of θ as a 0/1 vector; among equal scores the lower index first. */
    static double[] topK(double[] theta, int k) {
        Integer[] order = new Integer[theta.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(theta[b], theta[a]));
        double[] z = new double[theta.length];
        for (int i = 0; i < k; i++) {
            z[order[i]] = 1;
        }
        return z;
    }

    private double[] topK(double[] theta) {
        return topK(theta, k);
    }

    private static double squaredDistance(double[] z, double[] b) {
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            sum += (z[i] - b[i]) * (z[i] - b[i]);
        }
        return sum;
    }

    private static NDArray row(NDManager manager, double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return manager.create(floats, new Shape(1, values.length));
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


    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static String format3(double value) {
        return String.format("%.3f", value);
    }
}
