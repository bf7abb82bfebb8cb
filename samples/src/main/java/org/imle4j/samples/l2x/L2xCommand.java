package org.imle4j.samples.l2x;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.imle4j.annotation.Difference;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.autograd.ImleTrainer;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.estimator.Estimators;
import org.imle4j.runtime.estimator.GradientEstimator;
import org.imle4j.runtime.solvers.BatchTopKLayer;
import org.imle4j.samples.harness.CommonOptions;
import org.imle4j.samples.report.Progress;
import org.imle4j.samples.report.Statistics;
import org.imle4j.samples.report.Table;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Learning to explain (Chen, Song, Wainwright and Jordan, ICML 2018) on its synthetic datasets ({@link L2xDataset}):
 * an explainer scores the ten features of x, a {@code BatchTopKLayer} selects k of them, and a predictor classifies
 * {@code x ⊙ mask}; explainer and predictor are trained together with Adam on the cross-entropy, through each of the
 * estimators.
 *
 * <p>The metric is L2X's: rank the features of each test example by the explainer's scores and take the median rank
 * of its truly important features, averaged over the test examples ({@link FeatureRanks}); the ideal is
 * {@code (k + 1)/2} (1.5 for XOR, 2.5 for orange skin and nonlinear additive, 3 for switch) and scores that ignore
 * the features give 5.5. The predictor's accuracy with the top-k mask, against the more likely class, is reported
 * alongside.
 *
 * <p>As in the L2X code, the model is fitted to {@code P(y = 1 | x)} itself (soft targets, the expectation of the
 * one-hot label, so the same gradient in expectation with less variance), with L2 weight decay; {@code --hard-labels}
 * fits the sampled labels instead. The code trains on 10⁶ examples; the default here is a few thousand, over
 * several epochs, so results vary from run to run: each cell is the mean of {@code --repeats} independent runs.
 *
 * <p>On orange skin the label depends on x_i², whose first-order effect at x_i = 0 vanishes: dL/dz at a hard mask,
 * where an unselected feature enters the predictor as 0, says little about bringing an unselected important feature
 * in, and in our runs adaptive I-MLE and I-MLE often settle on other features (I-MLE at λ = 100 ranks the important
 * ones below chance). The relaxed mask is never exactly 0.
 *
 * <p>A training step whose gradients are not all finite is skipped, and counted in the report: relaxed top-k's
 * backward occasionally yields NaN, which Adam would spread to every weight.
 */
@Command(name = "l2x", mixinStandardHelpOptions = true,
        description = "Learning to explain on the synthetic datasets of Chen et al. (2018); median rank of the "
                + "important features per estimator.")
public final class L2xCommand implements Callable<Integer> {
    /** Creates the command; picocli fills its options from the command line. */
    public L2xCommand() {}

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions output;

    @Option(names = "--datasets", split = ",", defaultValue = "XOR,ORANGE_SKIN,NONLINEAR_ADDITIVE,SWITCH",
            description = "Datasets: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    L2xDataset[] datasets;

    @Option(names = "--estimators", split = ",", defaultValue = "AIMLE,IMLE,STE,RELAXED",
            description = "Estimators: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    EstimatorKind[] estimators;

    @Option(names = "--repeats", description = "Independent runs (data, initial weights) per dataset and estimator "
            + "(default: ${DEFAULT-VALUE}).")
    int repeats = 3;

    @Option(names = "--train", description = "Training examples (default: ${DEFAULT-VALUE}).")
    int trainSize = 4000;

    @Option(names = "--test", description = "Test examples (default: ${DEFAULT-VALUE}).")
    int testSize = 1000;

    @Option(names = "--epochs", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs = 10;

    @Option(names = "--batch", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch = 100;

    @Option(names = "--hard-labels", description = "Train on the sampled labels y rather than on P(y = 1 | x) "
            + "(soft targets, as the L2X code does).")
    boolean hardLabels;

    @Option(names = "--lr", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate = 1e-3;

    @Option(names = "--weight-decay", description = "L2 weight decay of Adam, 2e-3 being the gradient of the L2X "
            + "code's 1e-3·‖w‖² (default: ${DEFAULT-VALUE}).")
    double weightDecay = 2e-3;

    @Option(names = "--samples", description = "Masks S per example while training (default: ${DEFAULT-VALUE}).")
    int samples = 1;

    @Option(names = "--noise", description = "Perturbation of AIMLE, I-MLE and STE: ${COMPLETION-CANDIDATES} "
            + "(default: ${DEFAULT-VALUE}; SUM_OF_GAMMA uses k = the number of selected features; relaxed top-k "
            + "always uses Gumbel).")
    Noise noise = Noise.SUM_OF_GAMMA;

    @Option(names = "--noise-temperature", description = "Scale τ of the perturbation of AIMLE, I-MLE and STE "
            + "(default: ${DEFAULT-VALUE}).")
    double noiseTemperature = 1;

    @Option(names = "--initial-beta", description = "Initial β of AIMLE (default: ${DEFAULT-VALUE}).")
    double initialBeta = 0;

    @Option(names = "--beta-step", description = "β step of AIMLE (default: ${DEFAULT-VALUE}).")
    double betaStep = 1e-3;

    @Option(names = "--target-norm", description = "Target non-zeros per AIMLE estimate (default: ${DEFAULT-VALUE}).")
    double targetNorm = 1;

    @Option(names = "--lambda", description = "λ of I-MLE (default: ${DEFAULT-VALUE}).")
    double lambda = 100;

    @Option(names = "--temperature", description = "Temperature of relaxed top-k (default: ${DEFAULT-VALUE}).")
    double temperature = 0.1;

    /** The estimators this command can train the selector with. */
    enum EstimatorKind {
        /** Adaptive I-MLE, central differences; {@code --initial-beta}, {@code --beta-step}, {@code --target-norm}. */
        AIMLE,
        /** I-MLE with the fixed λ of {@code --lambda}, forward differences. */
        IMLE,
        /** Straight-through over perturb-and-MAP samples. */
        STE,
        /** Relaxed top-k (Xie and Ermon 2019) with Gumbel noise, at {@code --temperature}. */
        RELAXED
    }

    /**
     * One training run.
     *
     * @param dataset the dataset's label
     * @param estimator the estimator's label
     * @param repeat which repeat, from 0
     * @param medianRank the mean over test examples of the median rank of the important features
     * @param accuracy the share of test examples where the predictor, with the top-k mask, picks the more likely
     *     class, {@code y = 1} exactly when f(x) > 0
     * @param trainLoss the mean training loss of each epoch
     * @param skippedSteps the steps skipped because some gradient was not finite
     */
    record Run(String dataset, String estimator, int repeat, double medianRank, double accuracy,
            double[] trainLoss, int skippedSteps) {}

    /**
     * The runs of one dataset and estimator.
     *
     * @param idealMedianRank {@code (k + 1)/2}
     * @param meanMedianRank the median rank averaged over the repeats
     * @param medianRankStandardError its standard error, NaN for one repeat
     * @param meanAccuracy the accuracy averaged over the repeats
     * @param skippedSteps the steps of all repeats skipped because some gradient was not finite
     */
    record Summary(String dataset, String estimator, double idealMedianRank, double meanMedianRank,
            double medianRankStandardError, double meanAccuracy, int skippedSteps) {}

    /** Everything the command measured; {@code randomMedianRank} is the rank of scores that ignore the features. */
    record Report(int trainSize, int testSize, int epochs, int repeats, int samples, String noise,
            double randomMedianRank, List<Summary> summaries, List<Run> runs) {

        /** The summary of a dataset and estimator, or null. */
        Summary summary(L2xDataset dataset, String estimator) {
            for (Summary summary : summaries) {
                if (summary.dataset().equals(dataset.label()) && summary.estimator().equals(estimator)) {
                    return summary;
                }
            }
            return null;
        }

        /** The estimators' labels, in order. */
        List<String> estimators() {
            List<String> names = new ArrayList<>();
            for (Summary summary : summaries) {
                if (!names.contains(summary.estimator())) {
                    names.add(summary.estimator());
                }
            }
            return names;
        }
    }

    @Override
    public Integer call() {
        Report report = output.withTorchThreads(this::run);
        print(report);
        Path folder = output.folder();
        output.report().json("l2x.json", report);
        saveChart(report, folder.resolve("l2x.png"));
        return 0;
    }

    /** Trains one model per dataset, estimator and repeat. */
    Report run() {
        validate();
        Random seedSource = new Random(output.seed());
        int batchesPerEpoch = (trainSize + batch - 1) / batch;
        Progress progress = Progress.start("l2x", (long) datasets.length * estimators.length * repeats * epochs
                * batchesPerEpoch);
        List<Run> runs = new ArrayList<>();
        List<Summary> summaries = new ArrayList<>();
        for (L2xDataset dataset : datasets) {
            List<List<Run>> byEstimator = new ArrayList<>();
            for (int e = 0; e < estimators.length; e++) {
                byEstimator.add(new ArrayList<>());
            }
            for (int repeat = 0; repeat < repeats; repeat++) {
                // Every estimator of a repeat sees the same data, order and initial weights: paired comparisons.
                L2xDataset.Data train = dataset.generate(trainSize, seedSource.nextLong());
                L2xDataset.Data test = dataset.generate(testSize, seedSource.nextLong());
                long shuffleSeed = seedSource.nextLong();
                int engineSeed = seedSource.nextInt();
                for (int e = 0; e < estimators.length; e++) {
                    Engine.getInstance().setRandomSeed(engineSeed);
                    Run run = train(dataset, selection(estimators[e], dataset.k()), repeat, train, test,
                            new Random(shuffleSeed), progress);
                    runs.add(run);
                    byEstimator.get(e).add(run);
                }
            }
            for (List<Run> group : byEstimator) {
                double[] ranks = group.stream().mapToDouble(Run::medianRank).toArray();
                double accuracy = group.stream().mapToDouble(Run::accuracy).average().orElseThrow();
                summaries.add(new Summary(dataset.label(), group.get(0).estimator(), (dataset.k() + 1) / 2.0,
                        Statistics.mean(ranks), Statistics.standardError(ranks), accuracy,
                        group.stream().mapToInt(Run::skippedSteps).sum()));
            }
        }
        progress.end();
        return new Report(trainSize, testSize, epochs, repeats, samples, noise.name(), 5.5, summaries, runs);
    }

    private Run train(L2xDataset dataset, Selection selection, int repeat, L2xDataset.Data train,
            L2xDataset.Data test, Random shuffle, Progress progress) {
        L2xBlock block = new L2xBlock(L2xDataset.FEATURES, selection.layer().get(), samples);
        Loss loss = Loss.softmaxCrossEntropyLoss("cross-entropy", 1, -1, false, true);
        double[] epochLoss = new double[epochs];
        int skipped = 0;
        try (Model model = Model.newInstance("l2x-" + dataset.label())) {
            model.setBlock(block);
            NDManager manager = model.getNDManager();
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss).optOptimizer(
                    Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) learningRate))
                            .optWeightDecays((float) weightDecay).build());
            try (Trainer trainer = new ImleTrainer(model, config)) {
                trainer.initialize(new Shape(batch, L2xDataset.FEATURES));
                int[] order = new int[train.size()];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                for (int epoch = 0; epoch < epochs; epoch++) {
                    shuffle(order, shuffle);
                    double total = 0;
                    int batches = 0;
                    for (int start = 0; start < order.length; start += batch) {
                        int end = Math.min(start + batch, order.length);
                        try (NDManager scope = manager.newSubManager()) {
                            NDArray x = features(scope, train, order, start, end);
                            NDArray y = targets(scope, train, order, start, end);
                            boolean finite;
                            try (GradientCollector collector = trainer.newGradientCollector()) {
                                NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                                NDArray repeated = samples > 1 ? y.repeat(0, samples) : y;
                                NDArray value = loss.evaluate(new NDList(repeated), new NDList(logits));
                                total += value.getFloat();
                                collector.backward(value.mul(Scalars.of(value, samples)));
                                finite = gradientsFinite(block);
                            }
                            // A non-finite gradient would turn every weight it reaches into NaN through Adam.
                            if (finite) {
                                trainer.step();
                            } else {
                                clearGradients(block);
                                skipped++;
                            }
                        }
                        batches++;
                        progress.step();
                    }
                    epochLoss[epoch] = total / batches;
                }
                return evaluate(dataset, selection, repeat, block, manager, test, epochLoss, skipped);
            }
        }
    }

    private Run evaluate(L2xDataset dataset, Selection selection, int repeat, L2xBlock block, NDManager manager,
            L2xDataset.Data test, double[] epochLoss, int skipped) {
        try (NDManager scope = manager.newSubManager()) {
            int[] all = new int[test.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            NDArray x = features(scope, test, all, 0, all.length);
            ParameterStore parameters = new ParameterStore(scope, false);
            float[] flat = block.scores(parameters, x).toFloatArray();
            float[][] scores = new float[test.size()][L2xDataset.FEATURES];
            for (int e = 0; e < scores.length; e++) {
                System.arraycopy(flat, e * L2xDataset.FEATURES, scores[e], 0, L2xDataset.FEATURES);
            }
            NDArray predicted = block.forward(parameters, new NDList(x), false).singletonOrThrow().argMax(1);
            long[] predictions = predicted.toType(DataType.INT64, false).toLongArray();
            int correct = 0;
            for (int e = 0; e < predictions.length; e++) {
                correct += (predictions[e] == 1) == (test.logits()[e] > 0) ? 1 : 0;
            }
            double accuracy = correct / (double) test.size();
            return new Run(dataset.label(), selection.name(), repeat,
                    FeatureRanks.meanMedianRank(scores, test.important()), accuracy, epochLoss, skipped);
        }
    }

    /** Whether every gradient is finite: their total is, NaN and ±∞ propagating into it, with one copy to the host. */
    private static boolean gradientsFinite(L2xBlock block) {
        NDArray total = null;
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            if (parameter.getValue().requiresGradient()) {
                NDArray sum = parameter.getValue().getArray().getGradient().sum();
                total = total == null ? sum : total.add(sum);
            }
        }
        return total == null || Float.isFinite(total.getFloat());
    }

    /**
     * Overwrites every gradient with zeros. The engine's own zeroing subtracts each gradient from itself, which
     * leaves NaN in place, and gradients accumulate: one NaN would spoil every later step.
     */
    private static void clearGradients(L2xBlock block) {
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            if (parameter.getValue().requiresGradient()) {
                NDArray gradient = parameter.getValue().getArray().getGradient();
                gradient.set(new float[Math.toIntExact(gradient.size())]);
            }
        }
    }

    private Selection selection(EstimatorKind kind, int k) {
        return switch (kind) {
            case AIMLE -> new Selection("AIMLE", () -> selector(k, noise, noiseTemperature, Difference.CENTRAL,
                    Estimators.aimle(initialBeta, betaStep, targetNorm)));
            case IMLE -> new Selection("I-MLE λ=" + format(lambda), () -> selector(k, noise, noiseTemperature,
                    Difference.FORWARD, Estimators.imle(lambda)));
            case STE -> new Selection("STE", () -> selector(k, noise, noiseTemperature, Difference.FORWARD,
                    Estimators.ste()));
            // The relaxation assumes standard Gumbel noise: its own scale, whatever --noise-temperature says.
            case RELAXED -> new Selection("relaxed top-k t=" + format(temperature), () -> selector(k, Noise.GUMBEL,
                    1, Difference.FORWARD, Estimators.relaxedTopK(k, temperature)));
        };
    }

    private SolverLayer selector(int k, Noise layerNoise, double layerNoiseTemperature, Difference difference,
            GradientEstimator estimator) {
        return BatchTopKLayer.builder().setK(k).optSamples(samples).optNoise(layerNoise).optSumOfGammaK(k)
                .optNoiseTemperature(layerNoiseTemperature).optTargetNoiseTemperature(layerNoiseTemperature)
                .optDifference(difference).optOutput(Output.SAMPLES).optEstimator(estimator).build();
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private void validate() {
        if (repeats < 1 || trainSize < 1 || testSize < 1 || epochs < 1 || batch < 1 || samples < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--repeats, --train, --test, --epochs, --batch and --samples must be at "
                    + "least 1, but were " + repeats + ", " + trainSize + ", " + testSize + ", " + epochs + ", " + batch
                    + ", " + samples);
        }
        if (weightDecay < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--weight-decay must be non-negative, but was " + weightDecay);
        }
        if (!(learningRate > 0) || !(lambda > 0) || !(temperature > 0) || !(noiseTemperature >= 0)) {
            throw new ParameterException(spec.commandLine(),
                    "--lr, --lambda and --temperature must be positive and "
                    + "--noise-temperature non-negative, but were " + learningRate + ", " + lambda + ", "
                    + temperature + ", " + noiseTemperature);
        }
    }

    private void print(Report report) {
        List<String> names = report.estimators();
        String[] header = new String[names.size() + 2];
        header[0] = "dataset (median rank of important features, mean ± s.e. of " + repeats + "; accuracy)";
        header[1] = "ideal";
        for (int i = 0; i < names.size(); i++) {
            header[i + 2] = names.get(i);
        }
        Table table = new Table(header);
        for (L2xDataset dataset : datasets) {
            Object[] cells = new Object[header.length];
            cells[0] = dataset.label();
            cells[1] = String.format("%.1f", (dataset.k() + 1) / 2.0);
            for (int i = 0; i < names.size(); i++) {
                Summary summary = report.summary(dataset, names.get(i));
                cells[i + 2] = String.format("%.2f ± %.2f (%.0f%%)", summary.meanMedianRank(),
                        summary.medianRankStandardError(), 100 * summary.meanAccuracy());
            }
            table.row(cells);
        }
        table.print(System.out);
        System.out.printf("scores that ignore the features: %.1f%n", report.randomMedianRank());
        for (Summary summary : report.summaries()) {
            if (summary.skippedSteps() > 0) {
                System.out.printf("%s, %s: %d training steps skipped for non-finite gradients%n", summary.dataset(),
                        summary.estimator(), summary.skippedSteps());
            }
        }
    }

    /** A bar per dataset and estimator, with the standard error, and the ideal and random levels as bars too. */
    private void saveChart(Report report, Path file) {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
                .title("L2X: median rank of the important features (lower is better; " + repeats + " repeats)")
                .xAxisTitle("dataset").yAxisTitle("mean median rank").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        List<String> labels = new ArrayList<>();
        for (L2xDataset dataset : datasets) {
            labels.add(dataset.label());
        }
        double[] ideal = new double[datasets.length];
        double[] random = new double[datasets.length];
        for (int d = 0; d < datasets.length; d++) {
            ideal[d] = (datasets[d].k() + 1) / 2.0;
            random[d] = report.randomMedianRank();
        }
        chart.addSeries("ideal", labels, toList(ideal));
        for (String name : report.estimators()) {
            double[] y = new double[datasets.length];
            double[] errors = new double[datasets.length];
            for (int d = 0; d < datasets.length; d++) {
                Summary summary = report.summary(datasets[d], name);
                y[d] = summary.meanMedianRank();
                errors[d] = Double.isNaN(summary.medianRankStandardError()) ? 0 : summary.medianRankStandardError();
            }
            chart.addSeries(name, labels, toList(y), toList(errors));
        }
        chart.addSeries("features ignored", labels, toList(random));
        try (OutputStream out = Files.newOutputStream(file)) {
            ChartEncoder.saveChart(chart, out, "png");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static List<Double> toList(double[] values) {
        List<Double> list = new ArrayList<>();
        for (double value : values) {
            list.add(value);
        }
        return list;
    }



    private static NDArray features(NDManager manager, L2xDataset.Data data, int[] order, int start, int end) {
        float[] flat = new float[(end - start) * L2xDataset.FEATURES];
        for (int i = start; i < end; i++) {
            System.arraycopy(data.x()[order[i]], 0, flat, (i - start) * L2xDataset.FEATURES, L2xDataset.FEATURES);
        }
        return manager.create(flat, new Shape(end - start, L2xDataset.FEATURES));
    }

    /** The targets {@code [n, 2]}: {@code (1 − p, p)} with p = P(y = 1 | x), or the one-hot sampled label. */
    private NDArray targets(NDManager manager, L2xDataset.Data data, int[] order, int start, int end) {
        float[] targets = new float[(end - start) * 2];
        for (int i = start; i < end; i++) {
            int e = order[i];
            double p = hardLabels ? data.y()[e] : L2xDataset.sigmoid(data.logits()[e]);
            targets[(i - start) * 2] = (float) (1 - p);
            targets[(i - start) * 2 + 1] = (float) p;
        }
        return manager.create(targets, new Shape(end - start, 2));
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }
}
