package org.imle4j.samples.l2x;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.solvers.BatchTopKLayer;
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
 * <p>A training step whose gradient is not finite stops the command with an error naming the run, epoch, batch and
 * parameters ({@link Training}), before Adam would spread NaN to every weight.
 */
@Command(name = "l2x",
        description = "Learning to explain on the synthetic datasets of Chen et al. (2018); median rank of the "
                + "important features per estimator.")
public final class L2xCommand extends SampleCommand<L2xCommand.Report> {
    @Mixin
    TrainingOptions training = new TrainingOptions(10, 100, 1e-3);

    @Mixin
    EstimatorOptions estimator = new EstimatorOptions(1, 100, 0, 1e-3, 1);

    @Mixin
    SplitOptions split = new SplitOptions(4000, 1000);

    @Option(names = "--datasets", split = ",", defaultValue = "XOR,ORANGE_SKIN,NONLINEAR_ADDITIVE,SWITCH",
            description = "Datasets: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    L2xDataset[] datasets;

    @Option(names = "--estimators", split = ",", defaultValue = "aimle,imle,ste,relaxed",
            converter = EstimatorChoice.Converter.class, description = "Estimators, from aimle (central differences; "
            + "--initial-beta, --beta-step, --target-norm), imle (--lambda), ste, relaxed (relaxed top-k with Gumbel "
            + "noise at --temperature) (default: ${DEFAULT-VALUE}).")
    List<EstimatorChoice> estimators;

    @Mixin
    RepeatOptions repeats = new RepeatOptions(3);

    @Option(names = "--hard-labels", description = "Train on the sampled labels y rather than on P(y = 1 | x) "
            + "(soft targets, as the L2X code does).")
    boolean hardLabels;

    @Option(names = "--weight-decay", description = "L2 weight decay of Adam, 2e-3 being the gradient of the L2X "
            + "code's 1e-3·‖w‖² (default: ${DEFAULT-VALUE}).")
    @Range.NonNegative double weightDecay = 2e-3;

    @Option(names = "--noise", description = "Perturbation of AIMLE, I-MLE and STE: ${COMPLETION-CANDIDATES} "
            + "(default: ${DEFAULT-VALUE}; SUM_OF_GAMMA uses k = the number of selected features; relaxed top-k "
            + "always uses Gumbel).")
    Noise noise = Noise.SUM_OF_GAMMA;

    @Option(names = "--noise-temperature", description = "Scale τ of the perturbation of AIMLE, I-MLE and STE "
            + "(default: ${DEFAULT-VALUE}).")
    @Range.NonNegative double noiseTemperature = 1;

    @Option(names = "--temperature", description = "Temperature of relaxed top-k (default: ${DEFAULT-VALUE}).")
    @Range.Positive double temperature = 0.1;

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
     */
    record Run(String dataset, String estimator, int repeat, double medianRank, double accuracy,
            double[] trainLoss) {}

    /**
     * The runs of one dataset and estimator.
     *
     * @param idealMedianRank {@code (k + 1)/2}
     * @param meanMedianRank the median rank averaged over the repeats
     * @param medianRankStandardError its standard error, NaN for one repeat
     * @param meanAccuracy the accuracy averaged over the repeats
     */
    record Summary(String dataset, String estimator, double idealMedianRank, double meanMedianRank,
            double medianRankStandardError, double meanAccuracy) {}

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
    protected void report(Report report, ReportWriter writer) {
        print(writer, report);
        writer.chart("l2x.png", chart(report));
    }

    /** Trains one model per dataset, estimator and repeat. */
    @Override
    protected Report compute() {
        Device device = common.device();
        Random seedSource = new Random(common.seed());
        Progress progress = Progress.start("l2x", (long) datasets.length * estimators.size() * repeats.count
                * training.epochs * training.batchesPerEpoch(split.train));
        List<Run> runs = new ArrayList<>();
        List<Summary> summaries = new ArrayList<>();
        for (L2xDataset dataset : datasets) {
            List<List<Run>> byEstimator = new ArrayList<>();
            estimators.forEach(estimator -> byEstimator.add(new ArrayList<>()));
            for (int repeat = 0; repeat < repeats.count; repeat++) {
                // Every estimator of a repeat sees the same data, order and initial weights: paired comparisons.
                L2xDataset.Data train = dataset.generate(split.train, seedSource.nextLong());
                L2xDataset.Data test = dataset.generate(split.test, seedSource.nextLong());
                long shuffleSeed = seedSource.nextLong();
                int engineSeed = seedSource.nextInt();
                for (int e = 0; e < estimators.size(); e++) {
                    Training.seed(engineSeed);
                    Run run = train(dataset, estimators.get(e), repeat, train, test, shuffleSeed, device, progress);
                    runs.add(run);
                    byEstimator.get(e).add(run);
                }
            }
            for (List<Run> group : byEstimator) {
                double[] ranks = group.stream().mapToDouble(Run::medianRank).toArray();
                double accuracy = group.stream().mapToDouble(Run::accuracy).average().orElseThrow();
                summaries.add(new Summary(dataset.label(), group.get(0).estimator(), (dataset.k() + 1) / 2.0,
                        Statistics.mean(ranks), Statistics.standardError(ranks), accuracy));
            }
        }
        progress.end();
        return new Report(split.train, split.test, training.epochs, repeats.count, estimator.samples,
                noise.name(), 5.5, summaries, runs);
    }

    private Run train(L2xDataset dataset, EstimatorChoice choice, int repeat, L2xDataset.Data train,
            L2xDataset.Data test, long shuffleSeed, Device device, Progress progress) {
        EstimatorChoice.Settings settings = estimator.settings().withRelaxation(temperature, dataset.k());
        int samples = estimator.samples;
        SolverLayer selector = choice.configure(BatchTopKLayer.builder().setK(dataset.k()).optSamples(samples)
                .optNoise(noise).optSumOfGammaK(dataset.k()).optNoiseTemperature(noiseTemperature)
                .optTargetNoiseTemperature(noiseTemperature).optOutput(Output.SAMPLES), settings).build();
        L2xBlock block = new L2xBlock(L2xDataset.FEATURES, selector, samples);
        String name = "l2x " + dataset.label() + " " + choice.label(settings);
        try (Model model = Model.newInstance("l2x-" + dataset.label(), device)) {
            model.setBlock(block);
            try (Training run = Training.start(name, model, crossEntropy(samples),
                    training.adam(weightDecay), device, progress)) {
                run.initialize(new Shape(training.batch, L2xDataset.FEATURES));
                NDManager manager = model.getNDManager();
                double[] epochLoss = run.fit(Training.dataset(manager.create(train.x()),
                        new NDList(targets(manager, train)), training.batch, shuffleSeed), training.epochs,
                        () -> null).stream()
                        .mapToDouble(epoch -> epoch.trainLoss() / samples).toArray();
                return evaluate(dataset, choice.label(settings), repeat, block, manager, test, epochLoss);
            }
        }
    }

    /**
     * The cross-entropy on the {@code B·S} rows of S masks per example, times S. Every estimator averages its S
     * per-sample estimates, so the factor S makes every sample's dL/dz that of its own example's loss: each then
     * estimates the gradient of the expected loss per example, at the same scale.
     */
    private static Loss crossEntropy(int samples) {
        Loss crossEntropy = Loss.softmaxCrossEntropyLoss("cross-entropy", 1, -1, false, true);
        return new Loss("cross-entropy") {
            @Override
            public NDArray evaluate(NDList labels, NDList predictions) {
                NDArray value = crossEntropy.evaluate(labels, predictions);
                return value.mul(Scalars.of(value, samples));
            }
        };
    }

    private Run evaluate(L2xDataset dataset, String estimator, int repeat, L2xBlock block, NDManager manager,
            L2xDataset.Data test, double[] epochLoss) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(test.x());
            ParameterStore parameters = new ParameterStore(scope, false);
            float[] flat = block.scores(parameters, x).toFloatArray();
            float[][] scores = new float[test.size()][L2xDataset.FEATURES];
            for (int e = 0; e < scores.length; e++) {
                System.arraycopy(flat, e * L2xDataset.FEATURES, scores[e], 0, L2xDataset.FEATURES);
            }
            long[] predictions = block.forward(parameters, new NDList(x), false).singletonOrThrow().argMax(1)
                    .toType(DataType.INT64, false).toLongArray();
            int correct = 0;
            for (int e = 0; e < predictions.length; e++) {
                correct += (predictions[e] == 1) == (test.logits()[e] > 0) ? 1 : 0;
            }
            return new Run(dataset.label(), estimator, repeat, FeatureRanks.meanMedianRank(scores, test.important()),
                    correct / (double) test.size(), epochLoss);
        }
    }

    @Override
    protected void validate() {
        if (training.epochs < 1) {
            throw common.invalid("--epochs", training.epochs, "at least 1");
        }
    }

    private void print(ReportWriter writer, Report report) {
        List<String> names = report.estimators();
        List<String> header = new ArrayList<>(List.of("dataset (median rank of important features, mean ± s.e. of "
                + repeats.count + "; accuracy)", "ideal"));
        header.addAll(names);
        Table table = new Table(header.toArray(String[]::new));
        for (L2xDataset dataset : datasets) {
            List<Object> cells = new ArrayList<>(List.of(dataset.label(), ReportWriter.fixed((dataset.k() + 1) / 2.0,
                    1)));
            for (String name : names) {
                Summary summary = report.summary(dataset, name);
                cells.add(String.format("%.2f ± %.2f (%.0f%%)", summary.meanMedianRank(),
                        summary.medianRankStandardError(), 100 * summary.meanAccuracy()));
            }
            table.row(cells.toArray());
        }
        writer.table("", table);
        writer.line("scores that ignore the features: %.1f", report.randomMedianRank());
    }

    /** A bar per dataset and estimator, with the standard error, and the ideal and random levels as bars too. */
    private CategoryChart chart(Report report) {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
                .title("L2X: median rank of the important features (lower is better; " + repeats.count + " repeats)")
                .xAxisTitle("dataset").yAxisTitle("mean median rank").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        List<String> labels = Arrays.stream(datasets).map(L2xDataset::label).toList();
        chart.addSeries("ideal", labels, Arrays.stream(datasets).map(dataset -> (dataset.k() + 1) / 2.0).toList());
        for (String name : report.estimators()) {
            List<Summary> summaries = Arrays.stream(datasets).map(dataset -> report.summary(dataset, name)).toList();
            chart.addSeries(name, labels, summaries.stream().map(Summary::meanMedianRank).toList(),
                    summaries.stream().map(summary -> Double.isNaN(summary.medianRankStandardError()) ? 0
                            : summary.medianRankStandardError()).toList());
        }
        chart.addSeries("features ignored", labels, labels.stream().map(label -> report.randomMedianRank()).toList());
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
