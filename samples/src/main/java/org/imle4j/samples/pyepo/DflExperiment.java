package org.imle4j.samples.pyepo;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.imle4j.samples.harness.ReportWriter;
import org.imle4j.samples.harness.SplitOptions;
import org.imle4j.samples.harness.Training;
import org.imle4j.samples.harness.TrainingOptions;
import org.imle4j.samples.report.LinePlot;
import org.imle4j.samples.report.Progress;
import org.imle4j.samples.report.Statistics;
import org.imle4j.samples.report.Table;

/**
 * PyEPO's decision-focused learning experiment on any {@link DflProblem}: for each polynomial degree, noise
 * half-width and seed, one drawn problem with its training and test sets; for each method of {@link Method} and each
 * solve ratio, a linear model (p features → d costs, no activation) trained by Adam, through the problem's solver
 * layer or with a loss on the predicted costs, and scored by PyEPO's normalised regret on the test set
 * ({@link DflDataset#normalisedRegret}). Each run records its training seconds (the epochs' wall time, solving
 * included) and its solver seconds (the thread time spent in the solver while training, summed over the pool's
 * threads); summaries give mean ± standard deviation over the seeds.
 *
 * @param name the command's name, for progress, models and plot files
 * @param problem the problem
 * @param training epochs, batch size and learning rate
 * @param split training and test set sizes
 * @param seeds the number of seeds
 * @param firstSeed the first seed; seed s is {@code firstSeed + s}
 * @param methods the methods
 * @param degrees the polynomial degrees
 * @param halfWidths the noise half-widths
 * @param solveRatios the solve ratios of the layer methods' solution cache, each in (0, 1]; other methods run once
 *     per configuration, at the first ratio
 */
record DflExperiment(String name, DflProblem problem, TrainingOptions training, SplitOptions split, int seeds,
        int firstSeed, List<Method> methods, List<Integer> degrees, List<Double> halfWidths,
        List<Double> solveRatios) {

    /** One method on one seed of one configuration; regrets as fractions. */
    record Run(String method, int degree, double noiseHalfWidth, double solveRatio, int seed, double untrainedRegret,
            double regret, double seconds, double solverSeconds) {}

    /** One method on one configuration, over the seeds; regrets as fractions, times per run. */
    record Summary(String method, int degree, double noiseHalfWidth, double solveRatio, double regretMean,
            double regretStd, double untrainedRegretMean, double secondsPerRun, double solverSecondsPerRun) {}

    /**
     * One method's result for a command's JSON {@code methods} list; regrets as fractions, seconds per run.
     *
     * @param name the method's name ({@code AIMLE}, {@code SPO+}, …)
     * @param degree the polynomial degree
     * @param noiseHalfWidth the noise half-width
     * @param solveRatio the solve ratio
     * @param regretMean the mean normalised regret over the seeds
     * @param regretSd its standard deviation over the seeds
     * @param trainingSeconds the training wall time, solving included
     * @param solverSeconds the solver thread time while training, summed over the threads
     */
    record MethodResult(String name, int degree, double noiseHalfWidth, double solveRatio, double regretMean,
            double regretSd, double trainingSeconds, double solverSeconds) {
        static MethodResult of(Summary summary) {
            return new MethodResult(summary.method(), summary.degree(), summary.noiseHalfWidth(), summary.solveRatio(),
                    summary.regretMean(), summary.regretStd(), summary.secondsPerRun(), summary.solverSecondsPerRun());
        }
    }

    /**
     * Every method's result at the first solve ratio.
     *
     * @param summaries what {@link #summarise} returned
     * @return one result per method and configuration
     */
    List<MethodResult> methods(List<Summary> summaries) {
        return summaries.stream().filter(s -> s.solveRatio() == solveRatios.get(0)).map(MethodResult::of).toList();
    }

    /**
     * The layer methods' results at every solve ratio.
     *
     * @param summaries what {@link #summarise} returned
     * @return one result per layer method, configuration and solve ratio
     */
    List<MethodResult> caching(List<Summary> summaries) {
        return summaries.stream().filter(s -> methods.stream()
                .anyMatch(m -> m.usesLayer() && m.label(problem.sense()).equals(s.method())))
                .map(MethodResult::of).toList();
    }

    /**
     * Runs the experiment.
     *
     * @param device the models' device
     * @return every run, in the order of degree, half-width, seed, method and solve ratio
     */
    List<Run> run(Device device) {
        List<Run> runs = new ArrayList<>();
        Progress progress = Progress.start(name, (long) degrees.size() * halfWidths.size() * seeds * trainings()
                * training.epochs * training.batchesPerEpoch(split.train));
        for (int degree : degrees) {
            for (double halfWidth : halfWidths) {
                for (int s = 0; s < seeds; s++) {
                    int seed = firstSeed + s;
                    DflProblem.Instance instance = problem.draw(degree, halfWidth, seed);
                    DflDataset trainingSet = instance.next(split.train);
                    DflDataset test = instance.next(split.test);
                    for (Method method : methods) {
                        for (double ratio : ratios(method)) {
                            runs.add(train(method, ratio, degree, halfWidth, seed, instance, trainingSet, test,
                                    device, progress));
                        }
                    }
                }
            }
        }
        progress.end();
        return runs;
    }

    /** The solve ratios a method runs at: all for a layer method, the first for the others. */
    List<Double> ratios(Method method) {
        return method.usesLayer() ? solveRatios : solveRatios.subList(0, 1);
    }

    private long trainings() {
        return methods.stream().mapToLong(method -> ratios(method).size()).sum();
    }

    private Run train(Method method, double solveRatio, int degree, double halfWidth, int seed,
            DflProblem.Instance instance, DflDataset trainingSet, DflDataset test, Device device, Progress progress) {
        Training.seed(seed);
        Linear linear = Linear.builder().setUnits(instance.dimension()).build();
        Method.Setup setup = method.setup(instance, problem.sense(), solveRatio);
        Block block = setup.layer() != null ? new SequentialBlock().add(linear).add(setup.layer()) : linear;
        String label = method.label(problem.sense());
        try (Model model = Model.newInstance(name + "-" + method.key(), device)) {
            model.setBlock(block);
            try (Training run = Training.start(name + " " + label, model, setup.loss(), training.adam(0), device,
                    progress)) {
                run.initialize(new Shape(training.batch, problem.features()));
                NDManager manager = model.getNDManager();
                ParameterStore store = new ParameterStore(manager, false);
                double untrained = regret(linear, store, manager, instance, test);
                NDArray costs = manager.create(trainingSet.costs());
                NDArray solutions = manager.create(trainingSet.solutions()).toType(DataType.FLOAT32, false);
                long solverStart = setup.solverNanos().getAsLong();
                double seconds = run.fit(Training.dataset(features(manager, trainingSet),
                        method.labels(costs, solutions), training.batch, seed), training.epochs, () -> null)
                        .stream().mapToDouble(Training.Epoch::seconds).sum();
                double solverSeconds = (setup.solverNanos().getAsLong() - solverStart) / 1e9;
                return new Run(label, degree, halfWidth, solveRatio, seed, untrained,
                        regret(linear, store, manager, instance, test), seconds, solverSeconds);
            }
        }
    }

    private static NDArray features(NDManager manager, DflDataset samples) {
        return manager.create(samples.features()).toType(DataType.FLOAT32, false);
    }

    /** The normalised regret on {@code test} of the costs that {@code linear} predicts. */
    private double regret(Block linear, ParameterStore store, NDManager manager, DflProblem.Instance instance,
            DflDataset test) {
        try (NDManager scope = manager.newSubManager()) {
            float[] flat = linear.forward(store, new NDList(features(scope, test)), false).singletonOrThrow()
                    .toFloatArray();
            int entries = flat.length / test.size();
            float[][] predicted = new float[test.size()][entries];
            for (int i = 0; i < predicted.length; i++) {
                System.arraycopy(flat, i * entries, predicted[i], 0, entries);
            }
            return test.normalisedRegret(predicted, problem.sense(), instance::solve);
        }
    }

    /**
     * The runs summarised over the seeds.
     *
     * @param runs what {@link #run} returned
     * @return one summary per degree, half-width, method and solve ratio, in that order
     */
    List<Summary> summarise(List<Run> runs) {
        List<Summary> summaries = new ArrayList<>();
        for (int degree : degrees) {
            for (double halfWidth : halfWidths) {
                for (Method method : methods) {
                    String label = method.label(problem.sense());
                    for (double ratio : ratios(method)) {
                        List<Run> mine = runs.stream().filter(r -> r.degree() == degree
                                && r.noiseHalfWidth() == halfWidth && r.solveRatio() == ratio
                                && r.method().equals(label)).toList();
                        double[] regrets = mine.stream().mapToDouble(Run::regret).toArray();
                        summaries.add(new Summary(label, degree, halfWidth, ratio, Statistics.mean(regrets),
                                Statistics.standardDeviation(regrets),
                                mine.stream().mapToDouble(Run::untrainedRegret).average().orElse(Double.NaN),
                                mine.stream().mapToDouble(Run::seconds).average().orElse(Double.NaN),
                                mine.stream().mapToDouble(Run::solverSeconds).average().orElse(Double.NaN)));
                    }
                }
            }
        }
        return summaries;
    }

    /**
     * Prints the regret table at the first solve ratio, methods by configuration, with training and solver seconds
     * per run averaged over the configurations, and the model's regret before training.
     *
     * @param report where to print
     * @param summaries what {@link #summarise} returned
     * @param caption the table's caption
     */
    void printRegretTable(ReportWriter report, List<Summary> summaries, String caption) {
        double first = solveRatios.get(0);
        List<String> header = new ArrayList<>(List.of("method"));
        for (int degree : degrees) {
            for (double halfWidth : halfWidths) {
                header.add("deg " + degree + ", ē " + halfWidth);
            }
        }
        header.add("s/run");
        header.add("solver s/run");
        Table table = new Table(header.toArray(String[]::new));
        int configurations = degrees.size() * halfWidths.size();
        for (Method method : methods) {
            List<Object> cells = new ArrayList<>(List.of(method.label(problem.sense())));
            double seconds = 0;
            double solverSeconds = 0;
            for (Summary summary : summaries) {
                if (summary.method().equals(method.label(problem.sense())) && summary.solveRatio() == first) {
                    cells.add(String.format("%.2f ± %.2f", 100 * summary.regretMean(), 100 * summary.regretStd()));
                    seconds += summary.secondsPerRun();
                    solverSeconds += summary.solverSecondsPerRun();
                }
            }
            cells.add(String.format("%.2f", seconds / configurations));
            cells.add(String.format("%.2f", solverSeconds / configurations));
            table.row(cells.toArray());
        }
        List<Object> untrained = new ArrayList<>(List.of("untrained model"));
        for (int degree : degrees) {
            for (double halfWidth : halfWidths) {
                untrained.add(summaries.stream().filter(s -> s.degree() == degree && s.noiseHalfWidth() == halfWidth)
                        .findFirst().map(s -> String.format("%.2f", 100 * s.untrainedRegretMean())).orElse("-"));
            }
        }
        untrained.add("-");
        untrained.add("-");
        table.row(untrained.toArray());
        report.table(caption, table);
    }

    /**
     * Prints, when there is more than one solve ratio, the layer methods' regret, training and solver seconds per run
     * at each ratio, for each configuration.
     *
     * @param report where to print
     * @param summaries what {@link #summarise} returned
     */
    void printCachingTable(ReportWriter report, List<Summary> summaries) {
        if (solveRatios.size() < 2) {
            return;
        }
        Table table = new Table("method", "deg", "ē", "solve ratio", "regret %", "s/run", "solver s/run");
        for (Summary summary : summaries) {
            if (methods.stream().anyMatch(m -> m.usesLayer() && m.label(problem.sense()).equals(summary.method()))) {
                table.row(summary.method(), summary.degree(), summary.noiseHalfWidth(), summary.solveRatio(),
                        String.format("%.2f ± %.2f", 100 * summary.regretMean(), 100 * summary.regretStd()),
                        String.format("%.2f", summary.secondsPerRun()),
                        String.format("%.2f", summary.solverSecondsPerRun()));
            }
        }
        report.table(String.format("%nSolution cache: a layer method solves each perturbed instance with probability "
                + "the solve ratio, the others take the best cached solution; mean ± std over %d seeds:", seeds),
                table);
    }

    /**
     * Plots the regret against the degree at the first solve ratio, one plot per half-width, named
     * {@code <name>-e<ē>.png}.
     *
     * @param report where to write
     * @param summaries what {@link #summarise} returned
     * @param title the plots' title, before the half-width
     */
    void writePlots(ReportWriter report, List<Summary> summaries, String title) {
        double first = solveRatios.get(0);
        for (double halfWidth : halfWidths) {
            LinePlot plot = new LinePlot(title + ", ē = " + halfWidth, "polynomial degree",
                    "normalised regret (%), mean over " + seeds + " seeds");
            for (Method method : methods) {
                List<Summary> mine = summaries.stream().filter(s -> s.noiseHalfWidth() == halfWidth
                        && s.solveRatio() == first && s.method().equals(method.label(problem.sense()))).toList();
                plot.series(method.label(problem.sense()), mine.stream().mapToDouble(Summary::degree).toArray(),
                        mine.stream().mapToDouble(s -> 100 * s.regretMean()).toArray());
            }
            report.plot(name + "-e" + halfWidth + ".png", plot);
        }
    }
}
