package org.imle4j.samples.shortestpath;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.solvers.GridShortestPath;
import org.imle4j.runtime.solvers.GridShortestPathLayer;
import org.imle4j.samples.harness.EstimatorChoice;
import org.imle4j.samples.harness.EstimatorOptions;
import org.imle4j.samples.harness.Range;
import org.imle4j.samples.harness.ReportWriter;
import org.imle4j.samples.harness.SampleCommand;
import org.imle4j.samples.harness.Training;
import org.imle4j.samples.harness.Training.Epoch;
import org.imle4j.samples.harness.TrainingOptions;
import org.imle4j.samples.report.LinePlot;
import org.imle4j.samples.report.Progress;
import org.imle4j.samples.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
@Command(name = "shortest-path",
        description = "Learn map costs from images through a Dijkstra layer: AIMLE, I-MLE, DBB and STE compared.")
public final class ShortestPathCommand extends SampleCommand<ShortestPathCommand.Outcome> {
    @Mixin
    TrainingOptions training = new TrainingOptions(20, 32, 3e-3);

    @Mixin
    EstimatorOptions estimator = new EstimatorOptions(2, 20, 1, 1e-4, 1);

    @Option(names = "--maps", description = "Training maps (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int maps = 2000;

    @Option(names = "--test-maps", description = "Test maps (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int testMaps = 500;

    @Option(names = "--grid", description = "Cells per map side (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(2) int grid = 12;

    @Option(names = "--patch", description = "Pixels per cell side (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int patch = 4;

    @Option(names = "--pixel-noise", description = "Standard deviation of the pixel noise, colours in [0, 1] "
            + "(default: ${DEFAULT-VALUE}).")
    double pixelNoise = 0.2;

    @Option(names = "--temperature", description = "Noise temperature τ (default: ${DEFAULT-VALUE}).")
    double temperature = 1;

    @Option(names = "--channels", description = "Feature maps of the convolutions (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int channels = 16;

    @Option(names = "--estimators", split = ",", converter = EstimatorChoice.Converter.class,
            description = "Estimators, from aimle, imle, dbb, ste, po (default: ${DEFAULT-VALUE}).",
            defaultValue = "aimle,imle,dbb,ste")
    List<EstimatorChoice> estimators;

    @Option(names = "--shown-maps", description = "Test maps drawn with their paths (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(0) int shownMaps = 4;

    /** Path quality on the test maps. */
    record Evaluation(double exactMatch, double optimal, double regret) {}

    /** One estimator's run; each epoch's {@code test} is the evaluation after it. */
    record Run(String estimator, String layer, Evaluation untrained, Evaluation trained, double secondsPerEpoch,
            List<Epoch<Evaluation>> epochs) {}

    /** The settings and runs, as written to JSON. */
    record Report(int maps, int testMaps, int grid, int patch, double pixelNoise, int epochs, int batch, int samples,
            double lambda, double temperature, double targetNorm, double learningRate, int channels, int seed,
            List<Run> runs) {}

    /** A run and the predicted paths of the first test maps, for the picture. */
    private record Trained(Run run, List<int[][]> shownPaths) {}

    /** The test maps and every estimator's run on them. */
    record Outcome(List<WarcraftMap> test, List<Trained> trained) {
        List<Run> runs() {
            return trained.stream().map(Trained::run).toList();
        }
    }

    @Override
    protected Outcome compute() {
        Device device = common.device();
        WarcraftMaps generator = new WarcraftMaps(grid, patch, pixelNoise, common.seed());
        List<WarcraftMap> trainingMaps = generator.training(maps);
        List<WarcraftMap> test = generator.test(testMaps);
        return new Outcome(test, estimators.stream().map(choice -> train(choice, trainingMaps, test, device)).toList());
    }

    @Override
    protected void report(Outcome outcome, ReportWriter report) {
        List<Run> runs = outcome.runs();
        report.table(String.format("Shortest paths on %d test maps of %d×%d cells after %d epochs on %d maps:",
                testMaps, grid, grid, training.epochs, maps), table(runs));
        writePlots(report, runs);
        List<WarcraftMap> shown = outcome.test().subList(0, Math.min(shownMaps, outcome.test().size()));
        if (!shown.isEmpty()) {
            MapPicture.write(shown, runs.stream().map(Run::estimator).toList(),
                    outcome.trained().stream().map(Trained::shownPaths).toList(),
                    common.folder().resolve("shortest-path-maps.png"));
        }
    }

    @Override
    protected Report record(Outcome outcome) {
        EstimatorChoice.Settings settings = estimator.settings();
        return new Report(maps, testMaps, grid, patch, pixelNoise, training.epochs, training.batch,
                estimator.samples, settings.lambda(), temperature, settings.targetNorm(), training.learningRate,
                channels, common.seed(), outcome.runs());
    }

    /** The Dijkstra layer (MINIMIZE) with the estimator, S samples of the noise of τ and the mean as output. */
    private SolverLayer layer(EstimatorChoice choice) {
        return choice.configure(GridShortestPathLayer.builder()
                .optSamples(choice == EstimatorChoice.DBB ? 1 : estimator.samples).optNoiseTemperature(temperature)
                .optTargetNoiseTemperature(temperature).optSumOfGammaK(grid).optOutput(Output.MEAN),
                estimator.settings()).build();
    }

    private Trained train(EstimatorChoice choice, List<WarcraftMap> trainingMaps, List<WarcraftMap> test,
            Device device) {
        Training.seed(common.seed());
        SequentialBlock costs = CostNetwork.build(patch, channels);
        SolverLayer layer = layer(choice);
        try (Model model = Model.newInstance("shortest-path-" + choice.key(), device)) {
            model.setBlock(new SequentialBlock().add(costs).add(layer));
            NDManager manager = model.getNDManager();
            Progress progress = Progress.start("shortest-path " + choice.key(),
                    training.epochs * training.batchesPerEpoch(trainingMaps.size()));
            try (Training run = Training.start("shortest-path " + choice.label(), model, new HammingLoss(),
                    training.adam(0), device, progress)) {
                int side = grid * patch;
                run.initialize(new Shape(training.batch, 3, side, side));
                ParameterStore store = new ParameterStore(manager, false);
                Supplier<Evaluation> evaluation = () -> evaluate(predictPaths(costs, store, manager, test), test);
                Evaluation untrained = evaluation.get();
                List<Epoch<Evaluation>> history = run.fit(Training.dataset(images(manager, trainingMaps),
                        new NDList(paths(manager, trainingMaps)), training.batch, common.seed()), training.epochs,
                        evaluation);
                progress.end();
                List<int[][]> predicted = predictPaths(costs, store, manager, test);
                double seconds = history.stream().mapToDouble(Epoch::seconds).sum();
                return new Trained(new Run(choice.label(), layer.toString(), untrained, evaluate(predicted, test),
                        seconds / Math.max(training.epochs, 1), history),
                        predicted.subList(0, Math.min(shownMaps, predicted.size())));
            }
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

    /** The map images, {@code [maps, 3, side, side]}. */
    private NDArray images(NDManager manager, List<WarcraftMap> chunk) {
        int size = chunk.get(0).image().length;
        float[] flat = new float[chunk.size() * size];
        for (int m = 0; m < chunk.size(); m++) {
            System.arraycopy(chunk.get(m).image(), 0, flat, m * size, size);
        }
        return manager.create(flat, new Shape(chunk.size(), 3, grid * patch, grid * patch));
    }

    /** The true paths' indicators, {@code [maps, grid, grid]}. */
    private NDArray paths(NDManager manager, List<WarcraftMap> chunk) {
        float[] flat = new float[chunk.size() * grid * grid];
        for (int m = 0; m < chunk.size(); m++) {
            int[][] path = chunk.get(m).path();
            for (int cell = 0; cell < grid * grid; cell++) {
                flat[m * grid * grid + cell] = path[cell / grid][cell % grid];
            }
        }
        return manager.create(flat, new Shape(chunk.size(), grid, grid));
    }

    private static Table table(List<Run> runs) {
        Table table = new Table("estimator", "exact path %", "optimal cost %", "regret %", "s/epoch");
        if (!runs.isEmpty()) {
            Evaluation untrained = runs.get(0).untrained();
            table.row("untrained net", percent(untrained.exactMatch()), percent(untrained.optimal()),
                    percent(untrained.regret()), "-");
        }
        for (Run run : runs) {
            Evaluation trained = run.trained();
            table.row(run.estimator(), percent(trained.exactMatch()), percent(trained.optimal()),
                    percent(trained.regret()), ReportWriter.fixed(run.secondsPerEpoch(), 2));
        }
        return table;
    }

    private static void writePlots(ReportWriter report, List<Run> runs) {
        LinePlot loss = new LinePlot("Training loss (Hamming distance of the sampled paths)", "epoch",
                "Hamming loss (cells)");
        LinePlot accuracy = new LinePlot("Test accuracy", "epoch", "paths of optimal cost (%)");
        for (Run run : runs) {
            List<Epoch<Evaluation>> epochs = run.epochs();
            accuracy.series(run.estimator(), IntStream.rangeClosed(0, epochs.size()).asDoubleStream().toArray(),
                    IntStream.rangeClosed(0, epochs.size()).mapToDouble(e -> 100 * (e == 0 ? run.untrained()
                            : epochs.get(e - 1).test()).optimal()).toArray());
            if (!epochs.isEmpty()) {
                loss.series(run.estimator(), epochs.stream().mapToDouble(Epoch::epoch).toArray(),
                        epochs.stream().mapToDouble(Epoch::trainLoss).toArray());
            }
        }
        report.plot("shortest-path-loss.png", loss);
        report.plot("shortest-path-accuracy.png", accuracy);
    }

    private static String percent(double share) {
        return ReportWriter.fixed(100 * share, 1);
    }
}
