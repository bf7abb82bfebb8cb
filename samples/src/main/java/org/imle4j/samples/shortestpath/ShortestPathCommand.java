package org.imle4j.samples.shortestpath;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.autograd.ImleTrainer;
import org.imle4j.runtime.solvers.GridShortestPath;
import org.imle4j.samples.harness.CommonOptions;
import org.imle4j.samples.report.LinePlot;
import org.imle4j.samples.report.Progress;
import org.imle4j.samples.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Shortest paths on Warcraft-like maps (Vlastelica et al., ICLR 2020; the I-MLE and adaptive I-MLE papers' first
 * experiment), on generated maps: a convolutional net reads the cell costs off the map image, a vertex-weighted
 * 8-neighbour Dijkstra layer ({@code GridShortestPathLayer}, minimising) turns them into a path, and the Hamming loss
 * {@code Σ_cells |z − z*|} (mean over the batch) to the true path z* trains the net through the layer's gradient
 * estimator. The layer outputs the mean of its S perturbed paths, on which the Hamming loss is the expected Hamming
 * distance of a sampled path. Every estimator perturbs with Sum-of-Gamma noise of k = grid (about the length of a
 * path) and temperature τ, except DBB (no noise) and the perturbed optimizer (Gaussian noise of scale τ); each run
 * starts from the same initial weights.
 *
 * <p>Reported on the test maps, from the noiseless path of the predicted costs: exact match of the path indicator
 * (several paths can be optimal, so this undercounts good predictions), optimal cost (the predicted path costs as
 * much as the true one under the true costs), and the normalised regret {@code (c·ẑ − c·z*) / c·z*} under the true
 * costs c, averaged over maps.
 */
@Command(name = "shortest-path", mixinStandardHelpOptions = true,
        description = "Learn map costs from images through a Dijkstra layer: AIMLE, I-MLE, DBB and STE compared.")
public final class ShortestPathCommand implements Callable<Integer> {
    /** Creates the command; picocli fills its options from the command line. */
    public ShortestPathCommand() {}

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions output;

    @Option(names = "--maps", description = "Training maps (default: ${DEFAULT-VALUE}).")
    int maps = 2000;

    @Option(names = "--test-maps", description = "Test maps (default: ${DEFAULT-VALUE}).")
    int testMaps = 500;

    @Option(names = "--grid", description = "Cells per map side (default: ${DEFAULT-VALUE}).")
    int grid = 12;

    @Option(names = "--patch", description = "Pixels per cell side (default: ${DEFAULT-VALUE}).")
    int patch = 4;

    @Option(names = "--pixel-noise", description = "Standard deviation of the pixel noise, colours in [0, 1] "
            + "(default: ${DEFAULT-VALUE}).")
    double pixelNoise = 0.2;

    @Option(names = "--epochs", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs = 20;

    @Option(names = "--batch", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch = 32;

    @Option(names = "--samples", description = "Perturbed samples S per map; DBB takes one noiseless solution "
            + "(default: ${DEFAULT-VALUE}).")
    int samples = 2;

    @Option(names = "--lambda", description = "λ of I-MLE and DBB (default: ${DEFAULT-VALUE}).")
    double lambda = 20;

    @Option(names = "--temperature", description = "Noise temperature τ (default: ${DEFAULT-VALUE}).")
    double temperature = 1;

    @Option(names = "--learning-rate", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate = 3e-3;

    @Option(names = "--target-norm", description = "AIMLE's target number of non-zero gradient entries per map "
            + "(default: ${DEFAULT-VALUE}).")
    double targetNorm = 1;

    @Option(names = "--channels", description = "Feature maps of the convolutions (default: ${DEFAULT-VALUE}).")
    int channels = 16;

    @Option(names = "--estimators", split = ",", converter = Estimator.Converter.class,
            description = "Estimators, from aimle, imle, dbb, ste, po (default: ${DEFAULT-VALUE}).",
            defaultValue = "aimle,imle,dbb,ste")
    List<Estimator> estimators;

    @Option(names = "--shown-maps", description = "Test maps drawn with their paths (default: ${DEFAULT-VALUE}).")
    int shownMaps = 4;

    /** Path quality on the test maps. */
    record Evaluation(double exactMatch, double optimal, double regret) {}

    /** One epoch: mean training loss, test evaluation after it, and its training time. */
    record Epoch(int epoch, double trainLoss, Evaluation test, double seconds) {}

    /** One estimator's run. */
    record Run(String estimator, String layer, Evaluation untrained, Evaluation trained, double secondsPerEpoch,
            List<Epoch> epochs) {}

    /** The settings and runs, as written to JSON. */
    record Report(int maps, int testMaps, int grid, int patch, double pixelNoise, int epochs, int batch, int samples,
            double lambda, double temperature, double targetNorm, double learningRate, int channels, int seed,
            List<Run> runs) {}

    /** A run and the predicted paths of the first test maps, for the picture. */
    private record Trained(Run run, List<int[][]> shownPaths) {}

    @Override
    public Integer call() {
        validate();
        WarcraftMaps generator = new WarcraftMaps(grid, patch, pixelNoise, output.seed());
        List<WarcraftMap> training = generator.training(maps);
        List<WarcraftMap> test = generator.test(testMaps);
        List<Trained> trained = output.withTorchThreads(() -> estimators.stream().map(estimator -> train(estimator, training, test)).toList());
        List<Run> runs = trained.stream().map(Trained::run).toList();
        Report report = new Report(maps, testMaps, grid, patch, pixelNoise, epochs, batch, samples, lambda,
                temperature, targetNorm, learningRate, channels, output.seed(), runs);
        printTable(runs);
        writePlots(runs);
        List<WarcraftMap> shown = test.subList(0, Math.min(shownMaps, test.size()));
        if (!shown.isEmpty()) {
            MapPicture.write(shown, runs.stream().map(Run::estimator).toList(),
                    trained.stream().map(Trained::shownPaths).toList(),
                    output.folder().resolve("shortest-path-maps.png"));
        }
        output.report().json("shortest-path.json", report);
        return 0;
    }

    private void validate() {
        requireAtLeast("--maps", maps, 1);
        requireAtLeast("--test-maps", testMaps, 1);
        requireAtLeast("--grid", grid, 2);
        requireAtLeast("--patch", patch, 1);
        requireAtLeast("--epochs", epochs, 0);
        requireAtLeast("--batch", batch, 1);
        requireAtLeast("--samples", samples, 1);
        requireAtLeast("--channels", channels, 1);
        requireAtLeast("--shown-maps", shownMaps, 0);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new ParameterException(spec.commandLine(),
                    "--learning-rate must be positive and finite, but was " + learningRate);
        }
    }

    private void requireAtLeast(String option, int value, int min) {
        if (value < min) {
            throw new ParameterException(spec.commandLine(), option + " must be at least " + min + ", but was "
                    + value);
        }
    }

    private Trained train(Estimator estimator, List<WarcraftMap> training, List<WarcraftMap> test) {
        Engine.getInstance().setRandomSeed(output.seed());
        SequentialBlock costs = CostNetwork.build(patch, channels);
        SolverLayer layer = estimator.layer(samples, lambda, temperature, grid, targetNorm);
        int side = grid * patch;
        try (Model model = Model.newInstance("shortest-path-" + estimator.key())) {
            model.setBlock(new SequentialBlock().add(costs).add(layer));
            DefaultTrainingConfig config = new DefaultTrainingConfig(new HammingLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) learningRate))
                            .build());
            try (Trainer trainer = new ImleTrainer(model, config)) {
                trainer.initialize(new Shape(batch, 3, side, side));
                NDManager manager = model.getNDManager();
                ParameterStore store = new ParameterStore(manager, false);
                Evaluation untrained = evaluate(predictPaths(costs, store, manager, test), test);
                Random shuffle = new Random(output.seed());
                int[] order = new int[training.size()];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                List<Epoch> history = new ArrayList<>();
                int steps = (training.size() + batch - 1) / batch;
                Progress progress = Progress.start("shortest-path " + estimator.key(), (long) epochs * steps);
                for (int epoch = 1; epoch <= epochs; epoch++) {
                    shuffleInPlace(order, shuffle);
                    long start = System.nanoTime();
                    double lossSum = 0;
                    for (int first = 0; first < order.length; first += batch) {
                        List<WarcraftMap> maps = new ArrayList<>();
                        for (int i = first; i < Math.min(first + batch, order.length); i++) {
                            maps.add(training.get(order[i]));
                        }
                        lossSum += step(trainer, manager, maps) * maps.size();
                        progress.step();
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    Evaluation evaluation = evaluate(predictPaths(costs, store, manager, test), test);
                    history.add(new Epoch(epoch, lossSum / order.length, evaluation, seconds));
                }
                progress.end();
                List<int[][]> predicted = predictPaths(costs, store, manager, test);
                double seconds = history.stream().mapToDouble(Epoch::seconds).sum();
                Run run = new Run(estimator.label(), layer.toString(), untrained, evaluate(predicted, test),
                        seconds / Math.max(epochs, 1), history);
                return new Trained(run, predicted.subList(0, Math.min(shownMaps, predicted.size())));
            }
        }
    }

    /** One optimiser step on a batch of maps; returns the batch's loss. */
    private float step(Trainer trainer, NDManager manager, List<WarcraftMap> maps) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray images = images(scope, maps);
            NDArray paths = scope.create(flatPaths(maps), new Shape(maps.size(), grid, grid));
            float loss;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray z = trainer.forward(new NDList(images)).singletonOrThrow();
                NDArray value = trainer.getLoss().evaluate(new NDList(paths), new NDList(z));
                collector.backward(value);
                loss = value.getFloat();
            }
            trainer.step();
            return loss;
        }
    }

    /** The noiseless Dijkstra path of the costs the net predicts for each map, in inference mode. */
    List<int[][]> predictPaths(Block costs, ParameterStore store, NDManager manager, List<WarcraftMap> maps) {
        List<int[][]> paths = new ArrayList<>(maps.size());
        for (int first = 0; first < maps.size(); first += 100) {
            List<WarcraftMap> chunk = maps.subList(first, Math.min(first + 100, maps.size()));
            try (NDManager scope = manager.newSubManager()) {
                float[] predicted = costs.forward(store, new NDList(images(scope, chunk)), false).singletonOrThrow()
                        .toFloatArray();
                for (int m = 0; m < chunk.size(); m++) {
                    float[][] cost = new float[grid][grid];
                    for (int row = 0; row < grid; row++) {
                        System.arraycopy(predicted, (m * grid + row) * grid, cost[row], 0, grid);
                    }
                    paths.add(GridShortestPath.vertexWeighted(cost));
                }
            }
        }
        return paths;
    }

    /** Exact match, optimal cost and mean normalised regret of predicted paths. */
    static Evaluation evaluate(List<int[][]> predicted, List<WarcraftMap> maps) {
        int exact = 0;
        int optimal = 0;
        double regret = 0;
        for (int m = 0; m < maps.size(); m++) {
            WarcraftMap map = maps.get(m);
            int[][] path = predicted.get(m);
            double best = map.optimalCost();
            double excess = map.cost(path) - best;
            exact += Arrays.deepEquals(path, map.path()) ? 1 : 0;
            optimal += excess <= 1e-4 * best ? 1 : 0;
            regret += excess / best;
        }
        int count = Math.max(maps.size(), 1);
        return new Evaluation(exact / (double) count, optimal / (double) count, regret / count);
    }

    private NDArray images(NDManager manager, List<WarcraftMap> maps) {
        int size = maps.get(0).image().length;
        float[] flat = new float[maps.size() * size];
        for (int m = 0; m < maps.size(); m++) {
            System.arraycopy(maps.get(m).image(), 0, flat, m * size, size);
        }
        int side = grid * patch;
        return manager.create(flat, new Shape(maps.size(), 3, side, side));
    }

    private float[] flatPaths(List<WarcraftMap> maps) {
        float[] flat = new float[maps.size() * grid * grid];
        for (int m = 0; m < maps.size(); m++) {
            int[][] path = maps.get(m).path();
            for (int row = 0; row < grid; row++) {
                for (int column = 0; column < grid; column++) {
                    flat[(m * grid + row) * grid + column] = path[row][column];
                }
            }
        }
        return flat;
    }

    private static void shuffleInPlace(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    private void printTable(List<Run> runs) {
        Table table = new Table("estimator", "exact path %", "optimal cost %", "regret %", "s/epoch");
        if (!runs.isEmpty()) {
            Evaluation untrained = runs.get(0).untrained();
            table.row("untrained net", percent(untrained.exactMatch()), percent(untrained.optimal()),
                    percent(untrained.regret()), "-");
        }
        for (Run run : runs) {
            Evaluation trained = run.trained();
            table.row(run.estimator(), percent(trained.exactMatch()), percent(trained.optimal()),
                    percent(trained.regret()), String.format("%.2f", run.secondsPerEpoch()));
        }
        System.out.printf("Shortest paths on %d test maps of %d×%d cells after %d epochs on %d maps:%n", testMaps,
                grid, grid, epochs, maps);
        table.print(System.out);
    }

    private void writePlots(List<Run> runs) {
        LinePlot loss = new LinePlot("Training loss (Hamming distance of the sampled paths)", "epoch",
                "Hamming loss (cells)");
        LinePlot accuracy = new LinePlot("Test accuracy", "epoch", "paths of optimal cost (%)");
        for (Run run : runs) {
            int count = run.epochs().size();
            double[] x = new double[count + 1];
            double[] y = new double[count + 1];
            y[0] = 100 * run.untrained().optimal();
            for (int e = 0; e < count; e++) {
                x[e + 1] = e + 1;
                y[e + 1] = 100 * run.epochs().get(e).test().optimal();
            }
            accuracy.series(run.estimator(), x, y);
            if (count > 0) {
                loss.series(run.estimator(), Arrays.copyOfRange(x, 1, count + 1),
                        run.epochs().stream().mapToDouble(Epoch::trainLoss).toArray());
            }
        }
        output.report().plot("shortest-path-loss.png", loss);
        output.report().plot("shortest-path-accuracy.png", accuracy);
    }

    private static String percent(double share) {
        return String.format("%.1f", 100 * share);
    }
}
