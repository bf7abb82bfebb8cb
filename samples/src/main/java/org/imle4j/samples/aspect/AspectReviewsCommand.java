package org.imle4j.samples.aspect;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.loss.L2Loss;
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
 * Subset selection on aspect-rated reviews, the BeerAdvocate experiment of the stochastic softmax tricks paper (Paulus
 * et al., NeurIPS 2020) and of I-MLE and adaptive I-MLE: an explainer scores every token of a review, a
 * {@code BatchTopKLayer} selects k tokens, and a predictor rates one aspect from those k tokens alone
 * ({@link AspectModel}); explainer and predictor are trained together with Adam on the squared error, through each
 * method ({@link SubsetMethod}).
 *
 * <p>The data are generated ({@link ReviewGenerator}): the corpus is no longer distributed. Readers who hold a copy
 * pass its files with {@code --reviews} (training) and {@code --annotations} (test, with the rationales), read by
 * {@link AspectRatingFiles}.
 *
 * <p>Metrics on the test reviews, with the top-k of the explainer's scores: the squared error of the predicted rating
 * (the tables show it × 100, as the papers do) and the subset precision, the share of the k selected tokens that lie
 * in the annotated rationale of the aspect, averaged over reviews (Lei et al.'s precision). Each cell is the mean and
 * the standard deviation over {@code --repeats} runs, each on its own data (generated data) and initial weights.
 * Alongside: the squared error of a bag-of-words ridge regression on the whole review ({@link BagOfWords}) and of the
 * training mean, and the precision of k tokens chosen at random.
 *
 * <p>A training step whose gradient is not finite stops the command with an error naming the run, epoch, batch and
 * parameters ({@link Training}).
 */
@Command(name = "aspect-reviews",
        description = "Subset selection on aspect-rated reviews (generated with the structure of BeerAdvocate): "
                + "MSE and subset precision of the selected tokens per method and k.")
public final class AspectReviewsCommand extends SampleCommand<AspectReviewsCommand.Report> {
    private static final int EVALUATION_BATCH = 250;

    @Mixin
    TrainingOptions training = new TrainingOptions(20, 40, 1e-2);

    // β must be able to grow until the gradient estimates hold about 10 non-zero entries (the default k) within the
    // 1 000 steps: with a target norm of 1 or a β step of 10⁻³ the explainer took off late and not in every run.
    // I-MLE's λ is of the order of the λ = β·‖θ‖ / ‖dL/dz‖ that AIMLE settles at (1–2·10⁴ on the standardised
    // scores): the squared error's dL/dz is about 10⁻⁴ per token, so λ = 10 moved no token across the top-k.
    @Mixin
    EstimatorOptions estimator = new EstimatorOptions(1, 1e4, 0, 1e-2, 10);

    @Mixin
    SplitOptions split = new SplitOptions(2000, 500);

    @Mixin
    RepeatOptions repeats = new RepeatOptions(2);

    @Option(names = "--ks", split = ",", defaultValue = "10",
            description = "Numbers of selected tokens k (default: ${DEFAULT-VALUE}).")
    int[] ks;

    @Option(names = "--methods", split = ",", defaultValue = "aimle,imle,relaxed,ste,l2x",
            converter = SubsetMethod.Converter.class, description = "Methods, from aimle (central differences; "
            + "--initial-beta, --beta-step, --target-norm), imle (--lambda), relaxed (relaxed top-k at --temperature), "
            + "ste (straight-through), l2x (L2X's Concrete samples at --temperature) (default: ${DEFAULT-VALUE}).")
    List<SubsetMethod> methods;

    @Option(names = "--aspect", description = "The aspect whose rating is predicted: ${COMPLETION-CANDIDATES} "
            + "(default: ${DEFAULT-VALUE}).")
    Aspect aspect = Aspect.AROMA;

    @Option(names = "--max-length", description = "Tokens per review, longer ones cut (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int maxLength = 120;

    @Option(names = "--embedding-size", description = "Size of the word embeddings (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int embeddingSize = 32;

    @Option(names = "--filters", description = "Channels of the convolutions and dense layers (default: "
            + "${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int filters = 48;

    @Option(names = "--vocabulary", description = "Most token ids, padding and unknown included (default: "
            + "${DEFAULT-VALUE}).")
    @Range.AtLeast(3) int vocabularySize = 20000;

    @Option(names = "--noise", description = "Perturbation of AIMLE, I-MLE and STE: ${COMPLETION-CANDIDATES} "
            + "(default: ${DEFAULT-VALUE}; SUM_OF_GAMMA uses k = the subset size; relaxed top-k and L2X always use "
            + "Gumbel).")
    Noise noise = Noise.SUM_OF_GAMMA;

    @Option(names = "--noise-temperature", description = "Scale τ of the perturbation of AIMLE, I-MLE and STE "
            + "(default: ${DEFAULT-VALUE}).")
    @Range.NonNegative double noiseTemperature = 1;

    // Relaxed top-k's best of 0.1, 0.25, 0.5 and 1 in one run each (the README's grid); at 0.1 it stayed at chance.
    @Option(names = "--temperature", description = "Temperature of relaxed top-k and of L2X's Concrete samples "
            + "(default: ${DEFAULT-VALUE}).")
    @Range.Positive double temperature = 0.5;

    @Option(names = "--coherence", description = "Generated reviews: the probability that an aspect's sentiment "
            + "follows the review's overall quality rather than its own, which makes the aspects' ratings correlate "
            + "(default: ${DEFAULT-VALUE}).")
    @Range.Between(min = 0, max = 1) double coherence = 0.5;

    @Option(names = "--reviews", description = "A reviews file of Lei et al. (2016) to train on instead of "
            + "generated reviews; needs --annotations.")
    Path reviewsFile;

    @Option(names = "--annotations", description = "An annotations file of Lei et al. (2016) to test on; needs "
            + "--reviews.")
    Path annotationsFile;

    /**
     * One training run.
     *
     * @param method the method's label
     * @param k the number of selected tokens
     * @param repeat which repeat, from 0
     * @param mse the mean squared error of the test ratings
     * @param subsetPrecision the mean share of the selected tokens inside the rationale
     * @param trainLoss the mean training loss of each epoch
     * @param epochPrecision the subset precision after each epoch
     * @param seconds the training time, evaluation excluded
     */
    record Run(String method, int k, int repeat, double mse, double subsetPrecision, double[] trainLoss,
            double[] epochPrecision, double seconds) {}

    /** The test metrics of a model. */
    private record Metrics(double mse, double subsetPrecision) {}

    /**
     * The runs of one method and k: means and standard deviations over the repeats (0 for one repeat).
     *
     * @param method the method's label
     * @param k the number of selected tokens
     * @param mse the mean squared error (not × 100)
     * @param mseSd its standard deviation
     * @param subsetPrecision the subset precision, in [0, 1]
     * @param subsetPrecisionSd its standard deviation
     */
    record Result(String method, int k, double mse, double mseSd, double subsetPrecision,
            double subsetPrecisionSd) {}

    /**
     * A reference that selects nothing: its squared error, or its subset precision at a k.
     *
     * @param name what it is
     * @param k the number of selected tokens, 0 where none are selected
     * @param mse the mean squared error over the repeats, NaN where it predicts nothing
     * @param mseSd its standard deviation
     * @param subsetPrecision the subset precision over the repeats, NaN where it selects nothing
     */
    record Baseline(String name, int k, double mse, double mseSd, double subsetPrecision) {}

    /**
     * Everything the command measured.
     *
     * @param data {@code generated} or the files' names
     * @param aspect the rated aspect
     * @param meanTokens the mean length of the test reviews, in tokens before cutting
     * @param meanRationaleTokens the mean length of their rationales
     */
    record Report(String data, String aspect, int trainSize, int testSize, int maxLength, int vocabulary,
            double meanTokens, double meanRationaleTokens, int epochs, int batch, int repeats, int samples,
            String noise, List<Baseline> baselines, List<Result> results, List<Run> runs) {}

    /** The reviews of one repeat, encoded. */
    private record Data(long[][] trainIds, float[][] trainRatings, long[][] testIds, double[] testRatings,
            List<boolean[]> rationales, List<AspectReview> test) {}

    @Override
    protected void validate() {
        if ((reviewsFile == null) != (annotationsFile == null)) {
            throw common.invalid(reviewsFile == null ? "--reviews" : "--annotations", "missing",
                    "given together with " + (reviewsFile == null ? "--annotations" : "--reviews"));
        }
        for (int k : ks) {
            common.requireBetween("--ks", k, 1, maxLength, "--max-length = " + maxLength);
        }
        if (training.epochs < 1) {
            throw common.invalid("--epochs", training.epochs, "at least 1");
        }
    }

    @Override
    protected Report compute() {
        Device device = common.device();
        Random seedSource = new Random(common.seed());
        List<AspectReview> fileTrain = null;
        List<AspectReview> fileTest = null;
        if (reviewsFile != null) {
            fileTrain = read(reviewsFile, false);
            fileTest = read(annotationsFile, true);
        }
        int trainSize = fileTrain == null ? split.train : fileTrain.size();
        Progress progress = Progress.start("aspect-reviews", (long) repeats.count * ks.length * methods.size()
                * training.epochs * training.batchesPerEpoch(trainSize));
        List<Run> runs = new ArrayList<>();
        double[] bagOfWords = new double[repeats.count];
        double[] constant = new double[repeats.count];
        double[][] random = new double[ks.length][repeats.count];
        int vocabularyUsed = 0;
        double meanTokens = 0;
        double meanRationale = 0;
        for (int repeat = 0; repeat < repeats.count; repeat++) {
            List<AspectReview> train = fileTrain != null ? fileTrain
                    : ReviewGenerator.generate(split.train, seedSource.nextLong(), coherence);
            List<AspectReview> test = fileTest != null ? fileTest
                    : ReviewGenerator.generate(split.test, seedSource.nextLong(), coherence);
            Vocabulary vocabulary = Vocabulary.of(train, vocabularySize);
            vocabularyUsed = vocabulary.size();
            Data data = encode(vocabulary, train, test);
            meanTokens = test.stream().mapToInt(review -> review.tokens().size()).average().orElse(0);
            meanRationale = data.rationales().stream().mapToInt(AspectReviewsCommand::count).average().orElse(0);
            double[] trainRatings = Arrays.stream(data.trainRatings()).mapToDouble(row -> row[0]).toArray();
            bagOfWords[repeat] = BagOfWords.fit(data.trainIds(), trainRatings, vocabulary.size())
                    .meanSquaredError(data.testIds(), data.testRatings());
            double trainMean = Statistics.mean(trainRatings);
            constant[repeat] = Arrays.stream(data.testRatings()).map(y -> (y - trainMean) * (y - trainMean))
                    .average().orElse(Double.NaN);
            for (int i = 0; i < ks.length; i++) {
                random[i][repeat] = randomPrecision(data, ks[i]);
            }
            // Every method of a repeat sees the same data, order and initial weights: paired comparisons.
            long shuffleSeed = seedSource.nextLong();
            int engineSeed = seedSource.nextInt();
            for (int k : ks) {
                for (SubsetMethod method : methods) {
                    Training.seed(engineSeed);
                    runs.add(train(method, k, repeat, data, vocabulary.size(), shuffleSeed, device, progress));
                }
            }
        }
        progress.end();
        List<Baseline> baselines = new ArrayList<>();
        baselines.add(new Baseline("training mean", 0, Statistics.mean(constant),
                Statistics.standardDeviation(constant), Double.NaN));
        baselines.add(new Baseline("bag of words (ridge)", 0, Statistics.mean(bagOfWords),
                Statistics.standardDeviation(bagOfWords), Double.NaN));
        for (int i = 0; i < ks.length; i++) {
            baselines.add(new Baseline("random tokens", ks[i], Double.NaN, Double.NaN, Statistics.mean(random[i])));
        }
        return new Report(fileTrain == null ? "generated" : reviewsFile.getFileName() + ", "
                + annotationsFile.getFileName(), aspect.label(), trainSize, fileTest == null ? split.test
                : fileTest.size(), maxLength, vocabularyUsed, meanTokens, meanRationale, training.epochs,
                training.batch, repeats.count, estimator.samples, noise.name(), baselines, summarise(runs), runs);
    }

    private List<AspectReview> read(Path file, boolean annotated) {
        try {
            List<AspectReview> reviews = annotated ? AspectRatingFiles.readAnnotations(file)
                    : AspectRatingFiles.readReviews(file);
            for (AspectReview review : reviews) {
                if (review.ratings().length <= aspect.column()) {
                    throw common.invalid("--aspect", aspect, "a column of " + file + ", whose reviews have "
                            + review.ratings().length + " ratings");
                }
            }
            if (reviews.isEmpty()) {
                throw common.invalid(annotated ? "--annotations" : "--reviews", file, "a file with reviews");
            }
            return reviews;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private Data encode(Vocabulary vocabulary, List<AspectReview> train, List<AspectReview> test) {
        int column = aspect.column();
        float[][] trainRatings = new float[train.size()][];
        for (int r = 0; r < trainRatings.length; r++) {
            trainRatings[r] = new float[] {(float) train.get(r).ratings()[column]};
        }
        double[] testRatings = test.stream().mapToDouble(review -> review.ratings()[column]).toArray();
        List<boolean[]> rationales = test.stream().map(review -> review.rationaleMask(column)).toList();
        return new Data(vocabulary.encode(train, maxLength), trainRatings, vocabulary.encode(test, maxLength),
                testRatings, rationales, test);
    }

    /** The expected share of the rationale among k tokens drawn at random from the first {@code --max-length}. */
    private double randomPrecision(Data data, int k) {
        double sum = 0;
        for (int r = 0; r < data.test().size(); r++) {
            int length = Math.min(maxLength, data.test().get(r).tokens().size());
            boolean[] rationale = data.rationales().get(r);
            int inside = 0;
            for (int position = 0; position < length; position++) {
                inside += rationale[position] ? 1 : 0;
            }
            sum += inside / (double) length;
        }
        return sum / data.test().size();
    }

    private Run train(SubsetMethod method, int k, int repeat, Data data, int vocabulary, long shuffleSeed,
            Device device, Progress progress) {
        EstimatorChoice.Settings settings = estimator.settings().withRelaxation(temperature, k);
        int samples = estimator.samples;
        SolverLayer selector = method.configure(BatchTopKLayer.builder().setK(k).optSamples(samples)
                .optNoise(noise).optSumOfGammaK(k).optNoiseTemperature(noiseTemperature)
                .optTargetNoiseTemperature(noiseTemperature).optOutput(Output.SAMPLES), settings).build();
        AspectModel block = new AspectModel(vocabulary, embeddingSize, filters, selector, samples);
        String name = "aspect-reviews " + method.label() + " k=" + k + " repeat " + repeat;
        try (Model model = Model.newInstance("aspect-reviews", device)) {
            model.setBlock(block);
            try (Training run = Training.start(name, model, squaredError(samples), training.adam(0), device,
                    progress)) {
                run.initialize(new Shape(training.batch, maxLength));
                NDManager manager = model.getNDManager();
                List<Training.Epoch<Metrics>> epochs = run.fit(Training.dataset(manager.create(data.trainIds()),
                        new NDList(manager.create(data.trainRatings())), training.batch, shuffleSeed),
                        training.epochs, () -> evaluate(k, block, manager, data));
                Metrics last = epochs.get(epochs.size() - 1).test();
                return new Run(method.label(), k, repeat, last.mse(), last.subsetPrecision(),
                        epochs.stream().mapToDouble(epoch -> epoch.trainLoss() / samples).toArray(),
                        epochs.stream().mapToDouble(epoch -> epoch.test().subsetPrecision()).toArray(),
                        epochs.stream().mapToDouble(Training.Epoch::seconds).sum());
            }
        }
    }

    /**
     * The squared error on the {@code B·S} rows of S masks per review, times S: every estimator averages its S
     * per-sample estimates, so the factor S makes every sample's dL/dz that of its own review's loss.
     */
    private static Loss squaredError(int samples) {
        L2Loss squared = new L2Loss("squared error", samples);
        return new Loss("squared error") {
            @Override
            public NDArray evaluate(NDList labels, NDList predictions) {
                NDArray label = labels.singletonOrThrow();
                return squared.evaluate(new NDList(samples > 1 ? label.repeat(0, samples) : label), predictions);
            }
        };
    }

    private Metrics evaluate(int k, AspectModel block, NDManager manager, Data data) {
        double squares = 0;
        double precision = 0;
        int reviews = data.testIds().length;
        for (int from = 0; from < reviews; from += EVALUATION_BATCH) {
            int to = Math.min(reviews, from + EVALUATION_BATCH);
            try (NDManager scope = manager.newSubManager()) {
                NDArray ids = scope.create(Arrays.copyOfRange(data.testIds(), from, to));
                ParameterStore parameters = new ParameterStore(scope, false);
                NDArray mask = block.selection(parameters, ids);
                float[] predictions = block.predict(parameters, ids, mask, false).toFloatArray();
                float[] selected = mask.toFloatArray();
                for (int r = from; r < to; r++) {
                    double error = predictions[r - from] - data.testRatings()[r];
                    squares += error * error;
                    boolean[] rationale = data.rationales().get(r);
                    int inside = 0;
                    for (int position = 0; position < Math.min(maxLength, rationale.length); position++) {
                        if (selected[(r - from) * maxLength + position] > 0.5f && rationale[position]) {
                            inside++;
                        }
                    }
                    precision += inside / (double) k;
                }
            }
        }
        return new Metrics(squares / reviews, precision / reviews);
    }

    private List<Result> summarise(List<Run> runs) {
        List<Result> results = new ArrayList<>();
        for (SubsetMethod method : methods) {
            for (int k : ks) {
                List<Run> group = runs.stream().filter(run -> run.method().equals(method.label()) && run.k() == k)
                        .toList();
                double[] mse = group.stream().mapToDouble(Run::mse).toArray();
                double[] precision = group.stream().mapToDouble(Run::subsetPrecision).toArray();
                results.add(new Result(method.label(), k, Statistics.mean(mse), Statistics.standardDeviation(mse),
                        Statistics.mean(precision), Statistics.standardDeviation(precision)));
            }
        }
        return results;
    }

    private static int count(boolean[] mask) {
        int count = 0;
        for (boolean inside : mask) {
            count += inside ? 1 : 0;
        }
        return count;
    }

    @Override
    protected void report(Report report, ReportWriter writer) {
        List<String> header = new ArrayList<>(List.of("method (" + report.aspect() + "; mean ± sd of "
                + report.repeats() + ")"));
        for (int k : ks) {
            header.add("k=" + k + " MSE×100");
            header.add("k=" + k + " precision %");
        }
        Table table = new Table(header.toArray(String[]::new));
        for (SubsetMethod method : methods) {
            List<Object> cells = new ArrayList<>(List.of(method.label()));
            for (int k : ks) {
                Result result = report.results().stream().filter(r -> r.method().equals(method.label())
                        && r.k() == k).findFirst().orElseThrow();
                cells.add(ReportWriter.fixed(100 * result.mse(), 2) + " ± " + ReportWriter.fixed(100
                        * result.mseSd(), 2));
                cells.add(ReportWriter.fixed(100 * result.subsetPrecision(), 1) + " ± "
                        + ReportWriter.fixed(100 * result.subsetPrecisionSd(), 1));
            }
            table.row(cells.toArray());
        }
        writer.table("", table);
        for (Baseline baseline : report.baselines()) {
            if (baseline.k() == 0) {
                writer.line("%s: MSE×100 %.2f ± %.2f", baseline.name(), 100 * baseline.mse(), 100 * baseline.mseSd());
            } else {
                writer.line("%s, k=%d: precision %.1f %%", baseline.name(), baseline.k(),
                        100 * baseline.subsetPrecision());
            }
        }
        writer.line("test reviews: %.1f tokens, rationale %.1f tokens", report.meanTokens(),
                report.meanRationaleTokens());
        writer.chart("aspect-reviews.png", chart(report));
    }

    /** Subset precision per method, a group of bars per k, with the standard deviation. */
    private CategoryChart chart(Report report) {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
                .title("Subset precision on " + report.data() + " reviews, " + report.aspect() + " (" + report.repeats()
                        + " repeats)").xAxisTitle("k").yAxisTitle("subset precision").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        List<String> labels = Arrays.stream(ks).mapToObj(k -> "k=" + k).toList();
        for (SubsetMethod method : methods) {
            List<Result> results = Arrays.stream(ks).mapToObj(k -> report.results().stream().filter(r ->
                    r.method().equals(method.label()) && r.k() == k).findFirst().orElseThrow()).toList();
            chart.addSeries(method.label(), labels, results.stream().map(Result::subsetPrecision).toList(),
                    results.stream().map(Result::subsetPrecisionSd).toList());
        }
        chart.addSeries("random tokens", labels, report.baselines().stream().filter(b -> b.k() > 0)
                .map(Baseline::subsetPrecision).toList());
        return chart;
    }
}
