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
import org.imle4j.runtime.solvers.GridDagShortestPath;
import org.imle4j.samples.harness.Range;
import org.imle4j.samples.harness.RepeatOptions;
import org.imle4j.samples.harness.ReportWriter;
import org.imle4j.samples.harness.SampleCommand;
import org.imle4j.samples.harness.SplitOptions;
import org.imle4j.samples.harness.Training;
import org.imle4j.samples.harness.TrainingOptions;
import org.imle4j.samples.pyepo.ShortestPathData.Samples;
import org.imle4j.samples.report.LinePlot;
import org.imle4j.samples.report.Progress;
import org.imle4j.samples.report.Statistics;
import org.imle4j.samples.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * PyEPO's shortest-path benchmark (Tang and Khalil, 2022) on {@link ShortestPathData}: a linear model
 * (p features → d arc costs, no activation) trained by Adam for each method of {@link Method}, through the grid DAG
 * shortest-path layer ({@code GridDagShortestPathLayer}, minimising) or with a loss on the predicted costs, and
 * scored by PyEPO's normalised regret on the test set, {@code Σ_i (⟨c_i, w*(ĉ_i)⟩ − z*_i) / Σ_i |z*_i|}, as
 * mean ± standard deviation over seeds (each seed draws its own B, data and initial weights).
 */
@Command(name = "pyepo-shortest-path",
        description = "PyEPO's synthetic shortest path: normalised regret of AIMLE, I-MLE, DPO, DBB, STE, PFY, SPO+ "
                + "and the two-stage MSE baseline over seeds.")
public final class PyEpoShortestPathCommand extends SampleCommand<PyEpoShortestPathCommand.Report> {
    /**
     * The final test regrets (epoch 20) of PyEPO's tutorial notebook "03 Training and Testing": one run, seed 42, deg
     * 4, ē = 0.5, 1000 training samples, Adam 1e-2, batch 32, with the notebook's hyper-parameters (3 perturbation
     * samples, I-MLE λ = 10, DBB λ = 20, L1 losses to the optimal path for the layer methods), in % normalised
     * regret. PyEPO's "AIMLE" is PyEPO's own rule: it raises α of {@code λ = α·‖ĉ‖/‖dL/dw‖} by 1e-3 after a
     * backward pass while the moving average of the share of non-zero entries of the sample-mean gradient (a
     * fraction, at most 1) is below 1, so in practice after every pass; it is not the AAAI 2023 controller of the
     * number of non-zero entries per sample that this runtime implements.
     */
    static final List<NotebookFigure> PYEPO_NOTEBOOK = List.of(
            new NotebookFigure("AIMLE (PyEPO's rule)", 7.24, "S=3, α₀=1, step 1e-3, L1 loss"),
            new NotebookFigure("PFY", 7.29, "S=3, σ=1"),
            new NotebookFigure("SPO+", 7.59, ""),
            new NotebookFigure("NID", 8.90, ""),
            new NotebookFigure("DPO", 9.88, "S=3, σ=1, L1 loss"),
            new NotebookFigure("I-MLE", 12.07, "S=3, λ=10, L1 loss"),
            new NotebookFigure("DBB", 15.12, "λ=20"));

    @Mixin
    TrainingOptions training = new TrainingOptions(20, 32, 1e-2);

    @Mixin
    SplitOptions split = new SplitOptions(1000, 1000);

    @Option(names = "--deg", split = ",", defaultValue = "1,2,4,6",
            description = "Polynomial degrees of the cost model (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) List<Integer> degrees;

    @Option(names = "--noise-half-width", split = ",", defaultValue = "0,0.5",
            description = "Half-widths ē of the multiplicative noise (default: ${DEFAULT-VALUE}).")
    @Range.Between(min = 0, max = 1) List<Double> halfWidths;

    @Mixin
    RepeatOptions repeats = new RepeatOptions(5);

    @Option(names = "--estimators", split = ",", converter = Method.Converter.class,
            defaultValue = "aimle,imle,dpo,dbb,ste,pfy,spo+,mse",
            description = "Methods, from aimle, imle, dpo, dbb, ste, pfy, spo+, mse (default: ${DEFAULT-VALUE}).")
    List<Method> methods;

    @Option(names = "--grid", description = "Nodes per grid side (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(2) int grid = 5;

    @Option(names = "--features", description = "Features p (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int features = 5;

    /**
     * A figure of PyEPO's tutorial notebook, one run.
     *
     * @param method the notebook's method, PyEPO's AIMLE labelled as PyEPO's rule
     * @param regretPercent the test regret after 20 epochs, in %
     * @param settings the notebook's hyper-parameters where they differ from this command's
     */
    record NotebookFigure(String method, double regretPercent, String settings) {}

    /** One method on one seed of one configuration; regrets as fractions. */
    record Run(String method, int degree, double noiseHalfWidth, int seed, double untrainedRegret, double regret,
            double seconds) {}

    /** One method on one configuration, over the seeds; regrets as fractions. */
    record Summary(String method, int degree, double noiseHalfWidth, double regretMean, double regretStd,
            double untrainedRegretMean, double secondsPerRun) {}

    /** The settings and results, as written to JSON. */
    record Report(List<Integer> degrees, List<Double> noiseHalfWidths, int seeds, int epochs, int train, int test,
            int batch, double learningRate, int grid, int features, int firstSeed, List<Summary> summaries,
            List<Run> runs, List<NotebookFigure> pyepoNotebookDeg4HalfWidth05Seed42) {}

    @Override
    protected void report(Report report, ReportWriter writer) {
        printTables(writer, report.summaries());
        writePlots(writer, report.summaries());
    }

    @Override
    protected Report compute() {
        Device device = common.device();
        List<Run> runs = new ArrayList<>();
        Progress progress = Progress.start("pyepo-shortest-path", (long) degrees.size() * halfWidths.size()
                * repeats.count * methods.size() * training.epochs * training.batchesPerEpoch(split.train));
        for (int degree : degrees) {
            for (double halfWidth : halfWidths) {
                for (int s = 0; s < repeats.count; s++) {
                    int seed = common.seed() + s;
                    ShortestPathData data = new ShortestPathData(grid, grid, features, degree, halfWidth, seed);
                    Samples trainingSet = data.next(split.train);
                    Samples test = data.next(split.test);
                    for (Method method : methods) {
                        runs.add(train(method, degree, halfWidth, seed, trainingSet, test, device, progress));
                    }
                }
            }
        }
        progress.end();
        return new Report(degrees, halfWidths, repeats.count, training.epochs, split.train, split.test,
                training.batch, training.learningRate, grid, features, common.seed(), summarise(runs), runs,
                PYEPO_NOTEBOOK);
    }

    private Run train(Method method, int degree, double halfWidth, int seed, Samples trainingSet, Samples test,
            Device device, Progress progress) {
        Training.seed(seed);
        Linear linear = Linear.builder().setUnits(GridDagShortestPath.arcCount(grid, grid)).build();
        Block block = method.usesLayer() ? new SequentialBlock().add(linear).add(method.layer(grid, grid)) : linear;
        try (Model model = Model.newInstance("pyepo-" + method.key(), device)) {
            model.setBlock(block);
            try (Training run = Training.start("pyepo-shortest-path " + method.label(), model,
                    method.loss(grid, grid), training.adam(0), device, progress)) {
                run.initialize(new Shape(training.batch, features));
                NDManager manager = model.getNDManager();
                ParameterStore store = new ParameterStore(manager, false);
                double untrained = regret(linear, store, manager, test);
                NDArray costs = manager.create(trainingSet.costs());
                NDArray paths = manager.create(trainingSet.paths()).toType(DataType.FLOAT32, false);
                double seconds = run.fit(Training.dataset(features(manager, trainingSet), method.labels(costs, paths),
                        training.batch, seed), training.epochs, () -> null).stream()
                        .mapToDouble(Training.Epoch::seconds).sum();
                return new Run(method.label(), degree, halfWidth, seed, untrained, regret(linear, store, manager, test),
                        seconds);
            }
        }
    }

    private static NDArray features(NDManager manager, Samples samples) {
        return manager.create(samples.features()).toType(DataType.FLOAT32, false);
    }

    /** The normalised regret on {@code test} of the costs that {@code linear} predicts. */
    private double regret(Block linear, ParameterStore store, NDManager manager, Samples test) {
        try (NDManager scope = manager.newSubManager()) {
            float[] flat = linear.forward(store, new NDList(features(scope, test)), false).singletonOrThrow()
                    .toFloatArray();
            int arcs = flat.length / test.size();
            float[][] predicted = new float[test.size()][arcs];
            for (int i = 0; i < predicted.length; i++) {
                System.arraycopy(flat, i * arcs, predicted[i], 0, arcs);
            }
            return test.normalisedRegret(predicted, grid, grid);
        }
    }

    private List<Summary> summarise(List<Run> runs) {
        List<Summary> summaries = new ArrayList<>();
        for (int degree : degrees) {
            for (double halfWidth : halfWidths) {
                for (Method method : methods) {
                    List<Run> mine = runs.stream().filter(r -> r.degree() == degree
                            && r.noiseHalfWidth() == halfWidth && r.method().equals(method.label())).toList();
                    double[] regrets = mine.stream().mapToDouble(Run::regret).toArray();
                    summaries.add(new Summary(method.label(), degree, halfWidth, Statistics.mean(regrets),
                            Statistics.standardDeviation(regrets),
                            mine.stream().mapToDouble(Run::untrainedRegret).average().orElse(Double.NaN),
                            mine.stream().mapToDouble(Run::seconds).average().orElse(Double.NaN)));
                }
            }
        }
        return summaries;
    }

    private void printTables(ReportWriter report, List<Summary> summaries) {
        List<String> header = new ArrayList<>(List.of("method"));
        for (int degree : degrees) {
            for (double halfWidth : halfWidths) {
                header.add("deg " + degree + ", ē " + halfWidth);
            }
        }
        header.add("s/run");
        Table table = new Table(header.toArray(String[]::new));
        for (Method method : methods) {
            List<Object> cells = new ArrayList<>(List.of(method.label()));
            double seconds = 0;
            for (Summary summary : summaries) {
                if (summary.method().equals(method.label())) {
                    cells.add(String.format("%.2f ± %.2f", 100 * summary.regretMean(), 100 * summary.regretStd()));
                    seconds += summary.secondsPerRun();
                }
            }
            cells.add(String.format("%.2f", seconds / (degrees.size() * halfWidths.size())));
            table.row(cells.toArray());
        }
        List<Object> untrained = new ArrayList<>(List.of("untrained model"));
        for (int c = 0; c < degrees.size() * halfWidths.size(); c++) {
            untrained.add(String.format("%.2f", 100 * summaries.get(c * methods.size()).untrainedRegretMean()));
        }
        untrained.add("-");
        table.row(untrained.toArray());
        report.table(String.format("Normalised regret %% on %d test samples (%d×%d grid, %d training samples, %d "
                + "epochs), mean ± std over %d seeds:", split.test, grid, grid, split.train, training.epochs,
                repeats.count), table);

        Table notebook = new Table("method", "regret %", "notebook's settings");
        for (NotebookFigure figure : PYEPO_NOTEBOOK) {
            notebook.row(figure.method(), String.format("%.2f", figure.regretPercent()), figure.settings());
        }
        report.table(String.format("%nPyEPO's tutorial notebook \"03 Training and Testing\", for orientation: one run "
                + "(seed 42) at deg 4, ē 0.5 with its own hyper-parameters, not computed here and not a paper's "
                + "results; its AIMLE is PyEPO's own rule, not the AAAI 2023 one:"), notebook);
    }

    private void writePlots(ReportWriter report, List<Summary> summaries) {
        for (double halfWidth : halfWidths) {
            LinePlot plot = new LinePlot("PyEPO shortest path, " + grid + "×" + grid + " grid, ē = " + halfWidth,
                    "polynomial degree", "normalised regret (%), mean over " + repeats.count + " seeds");
            for (Method method : methods) {
                List<Summary> mine = summaries.stream().filter(s -> s.noiseHalfWidth() == halfWidth
                        && s.method().equals(method.label())).toList();
                plot.series(method.label(), mine.stream().mapToDouble(Summary::degree).toArray(),
                        mine.stream().mapToDouble(s -> 100 * s.regretMean()).toArray());
            }
            report.plot("pyepo-shortest-path-e" + halfWidth + ".png", plot);
        }
    }
}
