package org.imle4j.samples.l2x;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.solvers.BatchTopKLayer;
import org.imle4j.samples.harness.ConcreteSubsetEstimator;
import org.imle4j.samples.harness.EstimatorChoice;
import org.imle4j.samples.harness.EstimatorOptions;
import org.imle4j.samples.harness.Range;
import org.imle4j.samples.harness.RepeatOptions;
import org.imle4j.samples.harness.ReportWriter;
import org.imle4j.samples.harness.SampleCommand;
import org.imle4j.samples.harness.SplitOptions;
import org.imle4j.samples.harness.Training;
import org.imle4j.samples.harness.TrainingOptions;
import org.imle4j.samples.report.Progress;
import org.imle4j.samples.report.Statistics;
import org.imle4j.samples.report.Table;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Learning to explain (Chen, Song, Wainwright and Jordan, ICML 2018) on its synthetic datasets ({@link L2xDataset}),
 * set up as the authors' code ({@code github.com/Jianbo-Lab/L2X}, {@code synthetic/explain.py}): an explainer scores
 * the ten features of x, a selector picks k of them, and a predictor classifies x with the others removed; both are
 * trained together with Adam (learning rate 10⁻³) on the cross-entropy against {@code P(y = 1 | x)} plus 10⁻³·‖W‖² on
 * the kernels, on fresh examples, each seen once. The code streams 10⁶ examples (1000 steps of 1000); the default here
 * is scaled down to {@code --train} examples in batches of {@code --batch}. The selector is the library's
 * {@code BatchTopKLayer} through each estimator of {@code --estimators}, and through L2X's own Concrete relaxation
 * ({@link ConcreteSubsetEstimator}, τ = {@code --temperature}) as the baseline. AIMLE runs at the library's
 * reference defaults (β₀ = 1, β step 10⁻⁴): with β₀ = 0 and step 10⁻³ β has not grown enough in 500 steps on
 * nonlinear additive (see the README). Each estimator perturbs θ with the noise its authors ran L2X with
 * ({@link #noise(EstimatorChoice)}): Gumbel for AIMLE, Sum-of-Gamma for I-MLE.
 *
 * <p>Per dataset and method it reports (on {@code --test} fresh examples): the mean over examples of the median rank of
 * the truly important features, ranked by the hard top-k mask with ties broken at random as the code does
 * ({@link FeatureRanks#meanMaskMedianRanks}), and ranked by the explainer's scores θ; the ideal of both is
 * {@code (k + 1)/2}, features ignored give 5.5. On the code's switch layout, whose x₅ … x₈ copy x₁ … x₄ in one
 * branch, also the copy-aware mask rank, which counts a feature and its copy as one true feature: showing the copy
 * the code counts as important or its equally informative original is then the same. Then the leakage probe
 * ({@link LeakageProbe}): how well the mask pattern alone predicts the more likely class, against the same probe on
 * the true masks; masks that predict the label significantly better than the true masks do are flagged as leaking.
 * And the predictor's accuracy with the explainer's mask and with the true mask: a leaking method whose predictor
 * does significantly worse with the true mask reads the label from the pattern, and is flagged as winning by leaking.
 *
 * <p>Each dataset runs once per value of {@code --masking}: with the unselected features set to 0, as L2X does, and
 * replaced by another example's ({@link Masking#MARGINAL}).
 *
 * <p>A training step whose gradient is not finite stops the command with an error naming the run, epoch, batch and
 * parameters ({@link Training}), before Adam would spread NaN to every weight.
 */
@Command(name = "l2x",
        description = "Learning to explain on the synthetic datasets of Chen et al. (2018), set up as their code: "
                + "median rank of the important features, leakage probe and predictor accuracy per method.")
public final class L2xCommand extends SampleCommand<L2xCommand.Report> {
    /** The median rank of scores that ignore the features, ten of them. */
    static final double RANDOM_MEDIAN_RANK = 5.5;

    @Mixin
    TrainingOptions training = new TrainingOptions(1, 1000, 1e-3);

    @Mixin
    EstimatorOptions estimator = new EstimatorOptions(1, 100, 1, 1e-4, 1);

    @Mixin
    SplitOptions split = new SplitOptions(500_000, 10_000);

    @Option(names = "--datasets", split = ",",
            defaultValue = "XOR,ORANGE_SKIN,NONLINEAR_ADDITIVE,SWITCH_CODE,SWITCH_PAPER",
            description = "Datasets: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    L2xDataset[] datasets;

    @Option(names = "--masking", split = ",", defaultValue = "ZERO,MARGINAL",
            description = "What replaces the unselected features, each dataset running once per value: ZERO (L2X's "
                    + "x ⊙ mask) or MARGINAL (another example's values) (default: ${DEFAULT-VALUE}).")
    List<Masking> maskings;

    @Option(names = "--estimators", split = ",", defaultValue = "aimle,imle",
            converter = EstimatorChoice.Converter.class, description = "Estimators of the top-k layer, from aimle "
            + "(central differences; --initial-beta, --beta-step, --target-norm), imle (--lambda), ste, relaxed "
            + "(relaxed top-k with Gumbel noise at --temperature) (default: ${DEFAULT-VALUE}).")
    List<EstimatorChoice> estimators;

    @Option(names = "--concrete", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also train with L2X's Concrete relaxation at --temperature (default: ${DEFAULT-VALUE}).")
    boolean concrete;

    @Mixin
    RepeatOptions repeats = new RepeatOptions(1);

    @Option(names = "--hard-labels", description = "Train on the sampled labels y rather than on P(y = 1 | x) "
            + "(soft targets, as the L2X code does).")
    boolean hardLabels;

    @Option(names = "--kernel-l2", description = "Weight of the L2 penalty on the kernels, c·‖W‖² added to the loss "
            + "as the L2X code's regularizers.l2(c) (default: ${DEFAULT-VALUE}).")
    @Range.NonNegative double kernelL2 = 1e-3;

    @Option(names = "--noise", description = "Perturbation of AIMLE, I-MLE and STE: ${COMPLETION-CANDIDATES} "
            + "(default: GUMBEL for AIMLE, as the AIMLE authors' L2X command; SUM_OF_GAMMA for I-MLE and STE, as "
            + "the I-MLE paper's L2X; SUM_OF_GAMMA uses k = the number of selected features; relaxed top-k always "
            + "uses Gumbel).")
    Noise noise;

    @Option(names = "--noise-temperature", description = "Scale τ of the perturbation of AIMLE, I-MLE and STE "
            + "(default: ${DEFAULT-VALUE}).")
    @Range.NonNegative double noiseTemperature = 1;

    @Option(names = "--temperature", description = "Temperature of L2X's Concrete samples and of relaxed top-k "
            + "(default: ${DEFAULT-VALUE}).")
    @Range.Positive double temperature = 0.1;

    /**
     * One training run.
     *
     * @param dataset the dataset's entry name, with its masking
     * @param method the method's label
     * @param repeat which repeat, from 0
     * @param medianRank the mean over test examples of the median rank of the important features, ranked by the
     *     hard top-k mask with random tie-breaking
     * @param copyAwareMedianRank the same with a feature and its copy ranked as one, where the better of the two
     *     stands, under the same tie-breaking
     * @param scoreMedianRank the same, ranked by the explainer's scores θ
     * @param accuracy the share of test examples where the predictor, with the hard mask, picks the more likely class
     * @param trueMaskAccuracy the same with the true mask
     * @param leakageAccuracy the held-out accuracy of the more likely class predicted from the mask pattern alone
     * @param seconds training time
     */
    record Run(String dataset, String method, int repeat, double medianRank, double copyAwareMedianRank,
            double scoreMedianRank, double accuracy, double trueMaskAccuracy, double leakageAccuracy, double seconds) {}

    /**
     * A method's runs on one dataset, averaged over the repeats.
     *
     * @param name the method's label
     * @param medianRank the mask-ranked median rank (the L2X code's metric)
     * @param medianRankStandardError its standard error over the repeats, NaN for one repeat
     * @param copyAwareMedianRank the copy-aware mask-ranked median rank, equal to {@code medianRank} on layouts
     *     without copies
     * @param scoreMedianRank the score-ranked median rank
     * @param accuracy the predictor's accuracy with the explainer's mask
     * @param trueMaskAccuracy the predictor's accuracy with the true mask
     * @param leakageAccuracy the leakage probe's accuracy
     * @param leaks whether the leakage accuracy exceeds the true masks' by more than three binomial standard errors:
     *     the mask pattern tells more about the label than the true one does
     * @param winsByLeaking whether it leaks and the predictor's accuracy with the true mask falls short of its
     *     accuracy with the explainer's mask by more than three standard errors: the predictor reads the pattern
     */
    record Method(String name, double medianRank, double medianRankStandardError, double copyAwareMedianRank,
            double scoreMedianRank, double accuracy, double trueMaskAccuracy, double leakageAccuracy, boolean leaks,
            boolean winsByLeaking) {}

    /**
     * One dataset, with one masking.
     *
     * @param name the entry's name: the dataset's label, with {@code /marginal} for the marginal replacement
     * @param masking {@code zero} or {@code marginal}
     * @param k the number of important features and of selected ones
     * @param idealMedianRank {@code (k + 1)/2}, of the copy-aware rank too
     * @param copies whether the layout copies features, so that the methods' {@code copyAwareMedianRank} differs from
     *     their {@code medianRank}
     * @param trueMaskLeakageAccuracy the leakage probe on the true masks: the base rate, or on the switch datasets
     *     what the branch tells about the label
     * @param leakThreshold the leakage accuracy above which a method is flagged
     * @param methods the methods, in order
     */
    record DatasetResult(String name, String masking, int k, double idealMedianRank, boolean copies,
            double trueMaskLeakageAccuracy, double leakThreshold, List<Method> methods) {}

    /**
     * Everything the command measured.
     *
     * @param trainExamples fresh training examples per run
     * @param batch the batch size
     * @param testExamples test examples per repeat
     * @param repeats the repeats
     * @param samples S of the top-k layer
     * @param noise the perturbation of each estimator's top-k layer ({@link #noise(EstimatorChoice)}), by the
     *     estimator's key; the relaxations (relaxed top-k, Gumbel-softmax) draw Gumbel noise whatever it says, and
     *     L2X Concrete draws its own
     * @param randomMedianRank the rank of scores that ignore the features
     * @param datasets the results per dataset
     * @param runs every run
     */
    record Report(int trainExamples, int batch, int testExamples, int repeats, int samples, Map<String, String> noise,
            double randomMedianRank, List<DatasetResult> datasets, List<Run> runs) {}

    @Override
    protected void report(Report report, ReportWriter writer) {
        print(writer, report);
        writer.chart("l2x.png", chart(report));
    }

    /** Trains one model per dataset, masking, method and repeat. */
    @Override
    protected Report compute() {
        Device device = common.device();
        Random seedSource = new Random(common.seed());
        int methods = estimators.size() + (concrete ? 1 : 0);
        long entries = (long) datasets.length * maskings.size();
        Progress progress = Progress.start("l2x", entries * methods * repeats.count * training.epochs
                * training.batchesPerEpoch(split.train));
        List<Run> runs = new ArrayList<>();
        List<DatasetResult> results = new ArrayList<>();
        for (L2xDataset dataset : datasets) {
            for (Masking masking : maskings) {
                String name = dataset.label() + (masking == Masking.MARGINAL ? "/marginal" : "");
                List<List<Run>> byMethod = new ArrayList<>();
                double trueLeakage = 0;
                for (int repeat = 0; repeat < repeats.count; repeat++) {
                    // Every method of a repeat sees the same data, order and initial weights: paired comparisons.
                    L2xDataset.Data train = dataset.generate(split.train, seedSource.nextLong());
                    L2xDataset.Data test = dataset.generate(split.test, seedSource.nextLong());
                    long shuffleSeed = seedSource.nextLong();
                    int engineSeed = seedSource.nextInt();
                    long tieSeed = seedSource.nextLong();
                    trueLeakage += LeakageProbe.accuracy(test.important(), moreLikely(test)) / repeats.count;
                    for (int m = 0; m < methods; m++) {
                        Training.seed(engineSeed);
                        Run run = train(dataset, masking, name, m, repeat, train, test, shuffleSeed, tieSeed,
                                device, progress);
                        runs.add(run);
                        if (byMethod.size() <= m) {
                            byMethod.add(new ArrayList<>());
                        }
                        byMethod.get(m).add(run);
                    }
                }
                int heldOut = split.test - split.test / 2;
                double threshold = trueLeakage + 3 * Math.sqrt(trueLeakage * (1 - trueLeakage)
                        / ((double) heldOut * repeats.count));
                results.add(new DatasetResult(name, masking.name().toLowerCase(Locale.ROOT), dataset.k(),
                        dataset.idealMedianRank(), dataset.copiesFeatures(), trueLeakage, threshold,
                        byMethod.stream().map(group -> summarise(group, threshold, split.test)).toList()));
            }
        }
        progress.end();
        Map<String, String> noises = new LinkedHashMap<>();
        for (EstimatorChoice choice : estimators) {
            noises.put(choice.key(), noise(choice).name());
        }
        return new Report(split.train, training.batch, split.test, repeats.count, estimator.samples, noises,
                RANDOM_MEDIAN_RANK, results, runs);
    }

    /**
     * The perturbation of θ under an estimator: {@code --noise} where given; otherwise the noise each method's
     * authors ran L2X with. For AIMLE that is Gumbel (the L2X command of {@code torch-adaptive-imle}, the AIMLE
     * reference implementation); its larger spread (standard deviation π/√6 ≈ 1.28 against about 0.56 for
     * Sum-of-Gamma at k = 5) lets the perturbed masks try the features that the explainer's scores rank just below
     * the k-th, which on switch it otherwise leaves out (see the README). For I-MLE and STE it is Sum-of-Gamma, the
     * noise the I-MLE paper introduced for k-subsets and used on L2X.
     *
     * @param choice the estimator
     * @return the noise of its top-k layer
     */
    Noise noise(EstimatorChoice choice) {
        if (noise != null) {
            return noise;
        }
        return choice == EstimatorChoice.AIMLE || choice == EstimatorChoice.AIMLE_FORWARD ? Noise.GUMBEL
                : Noise.SUM_OF_GAMMA;
    }

    private static Method summarise(List<Run> group, double threshold, int testExamples) {
        double[] ranks = group.stream().mapToDouble(Run::medianRank).toArray();
        double leakage = group.stream().mapToDouble(Run::leakageAccuracy).average().orElseThrow();
        double accuracy = group.stream().mapToDouble(Run::accuracy).average().orElseThrow();
        double trueMaskAccuracy = group.stream().mapToDouble(Run::trueMaskAccuracy).average().orElseThrow();
        // Shares of the same examples, positively correlated: the sum of their variances bounds their difference's.
        double n = (double) testExamples * group.size();
        double margin = 3 * Math.sqrt((accuracy * (1 - accuracy) + trueMaskAccuracy * (1 - trueMaskAccuracy)) / n);
        boolean leaks = leakage > threshold;
        return new Method(group.get(0).method(), Statistics.mean(ranks), Statistics.standardError(ranks),
                group.stream().mapToDouble(Run::copyAwareMedianRank).average().orElseThrow(),
                group.stream().mapToDouble(Run::scoreMedianRank).average().orElseThrow(), accuracy, trueMaskAccuracy,
                leakage, leaks, leaks && accuracy - trueMaskAccuracy > margin);
    }

    private Run train(L2xDataset dataset, Masking masking, String name, int method, int repeat,
            L2xDataset.Data train, L2xDataset.Data test, long shuffleSeed, long tieSeed, Device device,
            Progress progress) {
        Block selector;
        String label;
        int samples;
        if (method < estimators.size()) {
            EstimatorChoice choice = estimators.get(method);
            EstimatorChoice.Settings settings = estimator.settings().withRelaxation(temperature, dataset.k());
            samples = estimator.samples;
            selector = choice.configure(BatchTopKLayer.builder().setK(dataset.k()).optSamples(samples)
                    .optNoise(noise(choice)).optSumOfGammaK(dataset.k()).optNoiseTemperature(noiseTemperature)
                    .optTargetNoiseTemperature(noiseTemperature).optOutput(Output.SAMPLES), settings).build();
            label = choice.label(settings);
        } else {
            // One relaxed mask per example, as L2X draws.
            samples = 1;
            selector = ConcreteSubsetEstimator.configure(BatchTopKLayer.builder().setK(dataset.k())
                    .optSamples(samples).optOutput(Output.SAMPLES), dataset.k(), temperature).build();
            label = "L2X Concrete τ=" + temperature;
        }
        L2xBlock block = new L2xBlock(L2xDataset.FEATURES, dataset.selu(), selector, samples, masking);
        try (Model model = Model.newInstance("l2x-" + dataset.label(), device)) {
            model.setBlock(block);
            try (Training run = Training.start("l2x " + name + " " + label, model,
                    loss(samples, block.regularisedKernels()), training.adam(0), device, progress)) {
                run.initialize(new Shape(training.batch, L2xDataset.FEATURES));
                NDManager manager = model.getNDManager();
                double seconds = run.fit(Training.dataset(manager.create(train.x()),
                        new NDList(targets(manager, train)), training.batch, shuffleSeed), training.epochs,
                        () -> null).stream().mapToDouble(Training.Epoch::seconds).sum();
                return evaluate(name, label, repeat, block, manager, test, new Random(tieSeed), seconds);
            }
        }
    }

    /**
     * The cross-entropy on the {@code B·S} rows of S masks per example, times S, plus the kernels' L2 penalty. Every
     * estimator averages its S per-sample estimates, so the factor S makes every sample's dL/dz that of its own
     * example's loss: each then estimates the gradient of the expected loss per example, at the same scale.
     */
    private Loss loss(int samples, List<Parameter> kernels) {
        Loss crossEntropy = Loss.softmaxCrossEntropyLoss("cross-entropy", 1, -1, false, true);
        return new Loss("cross-entropy + L2") {
            @Override
            public NDArray evaluate(NDList labels, NDList predictions) {
                NDArray value = crossEntropy.evaluate(labels, predictions);
                value = value.mul(Scalars.of(value, samples));
                if (kernelL2 == 0) {
                    return value;
                }
                NDArray penalty = null;
                for (Parameter kernel : kernels) {
                    NDArray squares = kernel.getArray().square().sum();
                    penalty = penalty == null ? squares : penalty.add(squares);
                }
                return value.add(penalty.mul(Scalars.of(penalty, kernelL2)));
            }
        };
    }

    private Run evaluate(String dataset, String method, int repeat, L2xBlock block, NDManager manager,
            L2xDataset.Data test, Random ties, double seconds) {
        int n = test.size();
        int k = test.dataset().k();
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(test.x());
            ParameterStore parameters = new ParameterStore(scope, false);
            float[] flat = block.scores(parameters, x).toFloatArray();
            float[][] scores = new float[n][L2xDataset.FEATURES];
            boolean[][] masks = new boolean[n][];
            for (int e = 0; e < n; e++) {
                System.arraycopy(flat, e * L2xDataset.FEATURES, scores[e], 0, L2xDataset.FEATURES);
                masks[e] = topK(scores[e], k);
            }
            boolean[] labels = moreLikely(test);
            FeatureRanks.MaskRanks ranks = FeatureRanks.meanMaskMedianRanks(masks, test.important(), test.twins(),
                    ties);
            return new Run(dataset, method, repeat, ranks.medianRank(), ranks.copyAwareMedianRank(),
                    FeatureRanks.meanMedianRank(scores, test.important()),
                    accuracy(block, parameters, x, masks, labels), accuracy(block, parameters, x, test.important(),
                    labels), LeakageProbe.accuracy(masks, labels), seconds);
        }
    }

    private static double accuracy(L2xBlock block, ParameterStore parameters, NDArray x, boolean[][] masks,
            boolean[] labels) {
        NDManager manager = x.getManager();
        float[][] values = new float[masks.length][L2xDataset.FEATURES];
        for (int e = 0; e < masks.length; e++) {
            for (int j = 0; j < L2xDataset.FEATURES; j++) {
                values[e][j] = masks[e][j] ? 1 : 0;
            }
        }
        long[] predictions = block.predict(parameters, x, manager.create(values)).argMax(1)
                .toType(DataType.INT64, false).toLongArray();
        int correct = 0;
        for (int e = 0; e < predictions.length; e++) {
            correct += (predictions[e] == 1) == labels[e] ? 1 : 0;
        }
        return correct / (double) predictions.length;
    }

    /** The k features of highest score, ties to the lower index. */
    static boolean[] topK(float[] scores, int k) {
        boolean[] mask = new boolean[scores.length];
        for (int picked = 0; picked < k; picked++) {
            int best = -1;
            for (int j = 0; j < scores.length; j++) {
                if (!mask[j] && (best < 0 || scores[j] > scores[best])) {
                    best = j;
                }
            }
            mask[best] = true;
        }
        return mask;
    }

    /** The more likely class of each example, {@code f(x) > 0}. */
    private static boolean[] moreLikely(L2xDataset.Data data) {
        boolean[] labels = new boolean[data.size()];
        for (int e = 0; e < labels.length; e++) {
            labels[e] = data.logits()[e] > 0;
        }
        return labels;
    }

    @Override
    protected void validate() {
        if (training.epochs < 1) {
            throw common.invalid("--epochs", training.epochs, "at least 1");
        }
        if (split.test < 2) {
            throw common.invalid("--test", split.test, "at least 2 (the leakage probe fits on one half)");
        }
    }

    private void print(ReportWriter writer, Report report) {
        Table table = new Table("dataset", "ideal", "method", "rank (mask)", "copy-aware", "rank (θ)", "accuracy",
                "accuracy, true mask", "leakage", "true-mask leakage", "leaking");
        for (DatasetResult dataset : report.datasets()) {
            for (Method method : dataset.methods()) {
                table.row(dataset.name(), ReportWriter.fixed(dataset.idealMedianRank(), 1), method.name(),
                        ReportWriter.fixed(method.medianRank(), 2)
                                + (report.repeats() > 1 ? " ± " + ReportWriter.fixed(method.medianRankStandardError(),
                                2) : ""),
                        dataset.copies() ? ReportWriter.fixed(method.copyAwareMedianRank(), 2) : "–",
                        ReportWriter.fixed(method.scoreMedianRank(), 2), percent(method.accuracy()),
                        percent(method.trueMaskAccuracy()), percent(method.leakageAccuracy()),
                        percent(dataset.trueMaskLeakageAccuracy()),
                        method.winsByLeaking() ? "WINS BY LEAKING" : method.leaks() ? "leaks" : "no");
            }
        }
        writer.table("median rank of the important features (mean over test examples; " + report.repeats()
                + " repeat(s)), the predictor's accuracy and the leakage probe", table);
        writer.line("%d fresh training examples per run in batches of %d; features ignored: rank %.1f",
                report.trainExamples(), report.batch(), report.randomMedianRank());
        writer.line("copy-aware: the mask rank with a feature and its copy (switch-code's x5..x8 of x1..x4) ranked as "
                + "one true feature, where the better of the two stands; '–' where the layout has no copies");
    }

    private static String percent(double share) {
        return ReportWriter.fixed(100 * share, 1) + "%";
    }

    /** A bar per dataset and method, the mask-ranked median rank, and the ideal and random levels as bars too. */
    private static CategoryChart chart(Report report) {
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(500)
                .title("L2X: median rank of the important features (hard mask; lower is better)")
                .xAxisTitle("dataset").yAxisTitle("mean median rank").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        List<String> labels = report.datasets().stream().map(DatasetResult::name).toList();
        chart.addSeries("ideal", labels, report.datasets().stream().map(DatasetResult::idealMedianRank).toList());
        int methods = report.datasets().get(0).methods().size();
        for (int m = 0; m < methods; m++) {
            int index = m;
            chart.addSeries(report.datasets().get(0).methods().get(m).name(), labels, report.datasets().stream()
                    .map(dataset -> dataset.methods().get(index).medianRank()).toList());
        }
        chart.addSeries("features ignored", labels, labels.stream().map(label -> report.randomMedianRank())
                .toList());
        return chart;
    }

    /** The targets {@code [n, 2]}: {@code (1 − p, p)} with p = P(y = 1 | x), or the one-hot sampled label. */
    private NDArray targets(NDManager manager, L2xDataset.Data data) {
        float[][] targets = new float[data.size()][];
        for (int e = 0; e < targets.length; e++) {
            double p = hardLabels ? data.y()[e] : L2xDataset.sigmoid(data.logits()[e]);
            targets[e] = new float[] {(float) (1 - p), (float) p};
        }
        return manager.create(targets);
    }
}
