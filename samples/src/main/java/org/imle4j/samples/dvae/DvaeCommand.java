package org.imle4j.samples.dvae;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.noise.GumbelNoise;
import org.imle4j.runtime.noise.NoiseSampler;
import org.imle4j.runtime.noise.SumOfGammaNoise;
import org.imle4j.runtime.solvers.BatchTopKLayer;
import org.imle4j.samples.harness.EstimatorChoice;
import org.imle4j.samples.harness.EstimatorOptions;
import org.imle4j.samples.harness.Range;
import org.imle4j.samples.harness.RepeatOptions;
import org.imle4j.samples.harness.ReportWriter;
import org.imle4j.samples.harness.SampleCommand;
import org.imle4j.samples.harness.SplitOptions;
import org.imle4j.samples.harness.TopKOptions;
import org.imle4j.samples.harness.Training;
import org.imle4j.samples.harness.TrainingOptions;
import org.imle4j.samples.report.LinePlot;
import org.imle4j.samples.report.Progress;
import org.imle4j.samples.report.Statistics;
import org.imle4j.samples.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The discrete variational autoencoder with k-subset codes of the adaptive I-MLE paper (Minervini, Franceschi and
 * Niepert, AAAI 2023), on generated binarised digits ({@link HandwrittenDigits}): the encoder's 400 logits are read as
 * 20 groups of 20, a top-k layer keeps 10 of each group, and the decoder reconstructs the image from the code
 * ({@link DvaeBlock}); trained with Adam on the negative evidence lower bound through each estimator.
 *
 * <p>The metric is the test loss per image (binary cross-entropy summed over the pixels plus the KL term) with the
 * noiseless MAP code, and with S perturbed codes per image drawn as in training (the reference code evaluates with
 * samples), each the mean over {@code --repeats} runs with their standard deviation; the untrained model's loss is
 * reported as {@code priorLoss}. Every estimator of a repeat starts from the same weights and sees the same batches.
 */
@Command(name = "dvae",
        description = "Discrete VAE with 20 groups of top-10-of-20 codes on generated binarised digits; test loss "
                + "per estimator.")
public final class DvaeCommand extends SampleCommand<DvaeCommand.Result> {
    /** Iterations of the Sum-of-Gamma noise of the sampled evaluation: the layers' default. */
    private static final int SUM_OF_GAMMA_ITERATIONS = 10;
    /** Test images shown per reconstruction grid: the first of each class. */
    private static final int SHOWN = HandwrittenDigits.CLASSES;

    @Mixin
    TrainingOptions training = new TrainingOptions(4, 100, 1e-3);

    @Mixin
    EstimatorOptions estimator = new EstimatorOptions(10, 10, 0, 1e-3, 10);

    @Mixin
    TopKOptions topK = new TopKOptions(20, 10, Noise.SUM_OF_GAMMA);

    @Mixin
    SplitOptions split = new SplitOptions(4000, 1000);

    @Mixin
    RepeatOptions repeats = new RepeatOptions(3);

    @Option(names = "--groups", description = "Groups M of the code, each of --n entries with --k kept "
            + "(default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int groups = 20;

    @Option(names = "--estimators", split = ",", defaultValue = "aimle,imle,ste,relaxed",
            converter = EstimatorChoice.Converter.class, description = "Estimators, from aimle (central differences; "
            + "--initial-beta, --beta-step, --target-norm), imle (--lambda), ste, relaxed (relaxed top-k with Gumbel "
            + "noise at --temperature) (default: ${DEFAULT-VALUE}).")
    List<EstimatorChoice> estimators;

    @Option(names = "--noise-temperature", description = "Scale τ of the perturbation of AIMLE, I-MLE and STE "
            + "(default: ${DEFAULT-VALUE}).")
    @Range.NonNegative double noiseTemperature = 1;

    @Option(names = "--temperature", description = "Temperature of relaxed top-k (default: ${DEFAULT-VALUE}).")
    @Range.Positive double temperature = 0.5;

    /**
     * One training run.
     *
     * @param estimator the estimator's label
     * @param repeat which repeat, from 0
     * @param priorLoss the untrained model's test loss with the MAP code
     * @param testLoss the trained model's test loss with the MAP code
     * @param testLossSampled the trained model's test loss averaged over S perturbed codes per image
     * @param testLossCurve the test loss with the MAP code after each epoch
     * @param trainLoss the mean training objective of each epoch (cross-entropy summed over the S samples)
     * @param seconds the training time, evaluations excluded
     */
    record Run(String estimator, int repeat, double priorLoss, double testLoss, double testLossSampled,
            double[] testLossCurve, double[] trainLoss, double seconds) {}

    /**
     * The runs of one estimator.
     *
     * @param name the estimator's label
     * @param testLoss the test loss with the MAP code, mean over the repeats
     * @param testLossSd its sample standard deviation
     * @param testLossSampled the test loss with perturbed codes, mean over the repeats
     * @param testLossSampledSd its sample standard deviation
     * @param seconds the mean training time of a run
     */
    record Method(String name, double testLoss, double testLossSd, double testLossSampled, double testLossSampledSd,
            double seconds) {}

    /**
     * The JSON record.
     *
     * @param priorLoss the untrained models' test loss with the MAP code, mean over the repeats
     * @param priorLossSd its sample standard deviation
     */
    record Report(int trainSize, int testSize, int epochs, int repeats, int samples, int groups, int n, int k,
            String noise, double priorLoss, double priorLossSd, List<Method> methods, List<Run> runs) {}

    /**
     * What the command computed: the record, and for each estimator the test images and its first run's
     * reconstructions, for the pictures.
     */
    record Result(Report report, float[][] shown, Map<String, float[][]> reconstructions) {}

    @Override
    protected void validate() {
        topK.validate(common);
        if (training.epochs < 1) {
            throw common.invalid("--epochs", training.epochs, "at least 1");
        }
        if (topK.noise != Noise.SUM_OF_GAMMA && topK.noise != Noise.GUMBEL) {
            throw common.invalid("--noise", topK.noise, "SUM_OF_GAMMA or GUMBEL, a noise the sampled evaluation draws");
        }
    }

    @Override
    protected Result compute() {
        Device device = common.device();
        Random seedSource = new Random(common.seed());
        HandwrittenDigits.Images train = HandwrittenDigits.generate(split.train, seedSource.nextLong());
        HandwrittenDigits.Images test = HandwrittenDigits.generate(split.test, seedSource.nextLong());
        float[][] shown = firstOfEachClass(test);
        Progress progress = Progress.start("dvae", (long) estimators.size() * repeats.count * training.epochs
                * training.batchesPerEpoch(split.train));
        Map<String, List<Run>> byEstimator = new LinkedHashMap<>();
        Map<String, float[][]> reconstructions = new LinkedHashMap<>();
        for (int repeat = 0; repeat < repeats.count; repeat++) {
            long shuffleSeed = seedSource.nextLong();
            int engineSeed = seedSource.nextInt();
            for (EstimatorChoice choice : estimators) {
                Training.seed(engineSeed);
                String name = choice.label(settings());
                Run run = train(choice, repeat, train, test, shown, shuffleSeed, device, progress,
                        pictures -> reconstructions.putIfAbsent(name, pictures));
                byEstimator.computeIfAbsent(name, key -> new ArrayList<>()).add(run);
            }
        }
        progress.end();
        List<Method> methods = new ArrayList<>();
        List<Run> runs = new ArrayList<>();
        for (Map.Entry<String, List<Run>> entry : byEstimator.entrySet()) {
            List<Run> group = entry.getValue();
            runs.addAll(group);
            double[] map = group.stream().mapToDouble(Run::testLoss).toArray();
            double[] sampled = group.stream().mapToDouble(Run::testLossSampled).toArray();
            methods.add(new Method(entry.getKey(), Statistics.mean(map), Statistics.standardDeviation(map),
                    Statistics.mean(sampled), Statistics.standardDeviation(sampled),
                    group.stream().mapToDouble(Run::seconds).average().orElseThrow()));
        }
        // Every estimator of a repeat starts from the same weights: the first estimator's runs give the prior.
        double[] prior = byEstimator.values().iterator().next().stream().mapToDouble(Run::priorLoss).toArray();
        Report report = new Report(split.train, split.test, training.epochs, repeats.count, estimator.samples,
                groups, topK.items, topK.k, topK.noise.name(), Statistics.mean(prior),
                Statistics.standardDeviation(prior), methods, runs);
        return new Result(report, shown, reconstructions);
    }

    private EstimatorChoice.Settings settings() {
        return estimator.settings().withRelaxation(temperature, topK.k);
    }

    private Run train(EstimatorChoice choice, int repeat, HandwrittenDigits.Images train,
            HandwrittenDigits.Images test, float[][] shown, long shuffleSeed, Device device, Progress progress,
            Consumer<float[][]> pictures) {
        EstimatorChoice.Settings settings = settings();
        SolverLayer layer = choice.configure(BatchTopKLayer.builder().setK(topK.k).optSamples(estimator.samples)
                .optNoise(topK.noise).optSumOfGammaK(topK.k).optNoiseTemperature(noiseTemperature)
                .optTargetNoiseTemperature(noiseTemperature).optOutput(Output.SAMPLES), settings).build();
        DvaeBlock block = new DvaeBlock(groups, topK.items, topK.k, layer);
        String name = "dvae " + choice.label(settings);
        try (Model model = Model.newInstance("dvae", device)) {
            model.setBlock(block);
            try (Training run = Training.start(name, model, meanLoss(), training.adam(0), device, progress)) {
                run.initialize(new Shape(training.batch, HandwrittenDigits.PIXELS));
                NDManager manager = model.getNDManager();
                NDArray testImages = manager.create(test.pixels());
                Function<ParameterStore, Double> mapLoss = parameters -> meanOverBatches(testImages,
                        batch -> block.forward(parameters, new NDList(batch), false).singletonOrThrow());
                ParameterStore parameters = new ParameterStore(manager, false);
                double priorLoss = mapLoss.apply(parameters);
                NDArray trainImages = manager.create(train.pixels());
                List<Training.Epoch<Double>> epochs = run.fit(Training.dataset(trainImages, new NDList(trainImages),
                        training.batch, shuffleSeed), training.epochs, () -> mapLoss.apply(parameters));
                NoiseSampler noise = sampledNoise(choice);
                double tau = choice == EstimatorChoice.RELAXED ? 1 : noiseTemperature;
                double sampledLoss = meanOverBatches(testImages,
                        batch -> block.sampledLoss(parameters, batch, noise, tau, estimator.samples));
                try (NDManager scope = manager.newSubManager()) {
                    pictures.accept(toRows(block.reconstruct(parameters, scope.create(shown))));
                }
                return new Run(choice.label(settings), repeat, priorLoss,
                        epochs.get(epochs.size() - 1).test(), sampledLoss,
                        epochs.stream().mapToDouble(Training.Epoch::test).toArray(),
                        epochs.stream().mapToDouble(Training.Epoch::trainLoss).toArray(),
                        epochs.stream().mapToDouble(Training.Epoch::seconds).sum());
            }
        }
    }

    /**
     * The perturbation of the sampled evaluation, the one the estimator trains with: relaxed top-k relaxes
     * standard Gumbel draws ({@link EstimatorChoice#configure} gives it Gumbel noise at scale 1), the others
     * perturb with the command's noise.
     */
    private NoiseSampler sampledNoise(EstimatorChoice choice) {
        return choice == EstimatorChoice.RELAXED || topK.noise == Noise.GUMBEL ? new GumbelNoise()
                : new SumOfGammaNoise(topK.k, SUM_OF_GAMMA_ITERATIONS);
    }

    /** The mean over the batch of the block's per-example losses. */
    private static Loss meanLoss() {
        return new Loss("negative ELBO") {
            @Override
            public NDArray evaluate(NDList labels, NDList predictions) {
                return predictions.singletonOrThrow().mean();
            }
        };
    }

    /** The mean per image of per-example losses computed batch by batch, each batch's arrays freed after it. */
    private double meanOverBatches(NDArray images, Function<NDArray, NDArray> losses) {
        long count = images.getShape().get(0);
        double total = 0;
        for (long start = 0; start < count; start += training.batch) {
            try (NDManager scope = images.getManager().newSubManager()) {
                NDArray batch = images.get("{}:{}", start, Math.min(count, start + training.batch));
                batch.attach(scope);
                total += losses.apply(batch).sum().getFloat();
            }
        }
        return total / count;
    }

    private static float[][] firstOfEachClass(HandwrittenDigits.Images images) {
        List<float[]> shown = new ArrayList<>();
        for (int digit = 0; digit < SHOWN; digit++) {
            for (int i = 0; i < images.size(); i++) {
                if (images.labels()[i] == digit) {
                    shown.add(images.pixels()[i]);
                    break;
                }
            }
        }
        return shown.toArray(float[][]::new);
    }

    private static float[][] toRows(NDArray array) {
        float[] flat = array.toFloatArray();
        int columns = (int) array.getShape().get(1);
        float[][] rows = new float[flat.length / columns][];
        for (int row = 0; row < rows.length; row++) {
            rows[row] = Arrays.copyOfRange(flat, row * columns, (row + 1) * columns);
        }
        return rows;
    }

    @Override
    protected void report(Result result, ReportWriter writer) {
        Report report = result.report();
        Table table = new Table("estimator (test loss per image, mean ± sd of " + report.repeats() + ")",
                "MAP code", "sampled codes (S = " + report.samples() + ")", "training s per run");
        for (Method method : report.methods()) {
            table.row(method.name(), plusMinus(method.testLoss(), method.testLossSd()),
                    plusMinus(method.testLossSampled(), method.testLossSampledSd()),
                    ReportWriter.fixed(method.seconds(), 1));
        }
        writer.table("", table);
        writer.line("untrained model: %s", plusMinus(report.priorLoss(), report.priorLossSd()));
        writer.plot("dvae.png", curves(report));
        for (Map.Entry<String, float[][]> entry : result.reconstructions().entrySet()) {
            writer.image("dvae-" + fileName(entry.getKey()) + ".png",
                    grid(result.shown(), entry.getValue()));
        }
    }

    @Override
    protected Object record(Result result) {
        return result.report();
    }

    private static String plusMinus(double mean, double sd) {
        return ReportWriter.fixed(mean, 2) + " ± " + ReportWriter.fixed(sd, 2);
    }

    /** The estimator's label as a file name: lower case, runs of other characters as one dash. */
    static String fileName(String label) {
        return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^-|-$", "");
    }

    /** The mean over the repeats of the MAP test loss after each epoch, epoch 0 the untrained model. */
    private static LinePlot curves(Report report) {
        LinePlot plot = new LinePlot("Discrete VAE: test loss with the MAP code (mean of " + report.repeats()
                + " runs)", "epoch", "test loss per image");
        for (Method method : report.methods()) {
            List<Run> runs = report.runs().stream().filter(run -> run.estimator().equals(method.name())).toList();
            double[] epochs = new double[report.epochs() + 1];
            double[] loss = new double[report.epochs() + 1];
            for (int epoch = 0; epoch <= report.epochs(); epoch++) {
                int e = epoch;
                epochs[epoch] = epoch;
                loss[epoch] = runs.stream().mapToDouble(run -> e == 0 ? run.priorLoss() : run.testLossCurve()[e - 1])
                        .average().orElseThrow();
            }
            plot.series(method.name(), epochs, loss);
        }
        return plot;
    }

    /**
     * Test images in the first row and their reconstructions (the decoder's pixel probabilities as grey levels)
     * in the second, each pixel drawn as a square of four by four.
     */
    private static BufferedImage grid(float[][] originals, float[][] reconstructed) {
        int zoom = 4;
        int side = HandwrittenDigits.SIDE * zoom;
        int gap = zoom;
        BufferedImage image = new BufferedImage(originals.length * (side + gap) + gap, 2 * (side + gap) + gap,
                BufferedImage.TYPE_BYTE_GRAY);
        float[][][] rows = {originals, reconstructed};
        for (int row = 0; row < rows.length; row++) {
            for (int column = 0; column < originals.length; column++) {
                float[] pixels = rows[row][column];
                int left = gap + column * (side + gap);
                int top = gap + row * (side + gap);
                for (int p = 0; p < HandwrittenDigits.PIXELS; p++) {
                    int grey = Math.round(255 * Math.max(0, Math.min(1, pixels[p])));
                    int rgb = grey << 16 | grey << 8 | grey;
                    int x = left + (p % HandwrittenDigits.SIDE) * zoom;
                    int y = top + (p / HandwrittenDigits.SIDE) * zoom;
                    for (int dy = 0; dy < zoom; dy++) {
                        for (int dx = 0; dx < zoom; dx++) {
                            image.setRGB(x + dx, y + dy, rgb);
                        }
                    }
                }
            }
        }
        return image;
    }
}
