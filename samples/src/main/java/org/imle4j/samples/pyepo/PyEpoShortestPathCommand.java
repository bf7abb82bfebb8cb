package org.imle4j.samples.pyepo;

import java.util.ArrayList;
import java.util.List;
import org.imle4j.annotation.Objective;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.solvers.GridDagShortestPath;
import org.imle4j.runtime.solvers.GridDagShortestPathLayer;
import org.imle4j.samples.harness.Range;
import org.imle4j.samples.harness.RepeatOptions;
import org.imle4j.samples.harness.ReportWriter;
import org.imle4j.samples.harness.SampleCommand;
import org.imle4j.samples.harness.SplitOptions;
import org.imle4j.samples.harness.TrainingOptions;
import org.imle4j.samples.pyepo.DflExperiment.Run;
import org.imle4j.samples.pyepo.DflExperiment.Summary;
import org.imle4j.samples.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * PyEPO's shortest-path benchmark (Tang and Khalil, 2022) on {@link ShortestPathData}, run by {@link DflExperiment}:
 * a linear model (p features → d arc costs, no activation) trained by Adam for each method of {@link Method}, through
 * the grid DAG shortest-path layer ({@code GridDagShortestPathLayer}, minimising) or with a loss on the predicted
 * costs, and scored by PyEPO's normalised regret on the test set, {@code Σ_i (⟨c_i, w*(ĉ_i)⟩ − z*_i) / Σ_i |z*_i|},
 * as mean ± standard deviation over seeds (each seed draws its own B, data and initial weights).
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

    @Mixin
    DflOptions sweep = new DflOptions("1,2,4,6", "0,0.5", "aimle,imle,dpo,dbb,ste,pfy,spo+,mse", "1");

    @Mixin
    RepeatOptions repeats = new RepeatOptions(5);

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

    /** The settings and results, as written to JSON. */
    record Report(List<Integer> degrees, List<Double> noiseHalfWidths, int seeds, int epochs, int train, int test,
            int batch, double learningRate, int grid, int features, int firstSeed, List<Double> solveRatios,
            List<Summary> summaries, List<Run> runs, List<NotebookFigure> pyepoNotebookDeg4HalfWidth05Seed42) {}

    @Override
    protected void report(Report report, ReportWriter writer) {
        printTables(writer, report.summaries());
        experiment().writePlots(writer, report.summaries(), "PyEPO shortest path, " + grid + "×" + grid + " grid");
    }

    @Override
    protected Report compute() {
        DflExperiment experiment = experiment();
        List<Run> runs = experiment.run(common.device());
        return new Report(sweep.degrees, sweep.halfWidths, repeats.count, training.epochs, split.train, split.test,
                training.batch, training.learningRate, grid, features, common.seed(), sweep.solveRatios,
                experiment.summarise(runs), runs, PYEPO_NOTEBOOK);
    }

    @Override
    protected void validate() {
        sweep.validate(common);
    }

    private DflExperiment experiment() {
        return sweep.experiment("pyepo-shortest-path", new Problem(grid, features), training, split, repeats, common);
    }

    /** The grid's shortest path, minimising, on {@link ShortestPathData}. */
    private record Problem(int grid, int features) implements DflProblem {
        @Override
        public Objective sense() {
            return Objective.MINIMIZE;
        }

        @Override
        public Instance draw(int degree, double halfWidth, long seed) {
            ShortestPathData data = new ShortestPathData(grid, grid, features, degree, halfWidth, seed);
            return new Instance() {
                @Override
                public int dimension() {
                    return GridDagShortestPath.arcCount(grid, grid);
                }

                @Override
                public DflDataset next(int count) {
                    ShortestPathData.Samples samples = data.next(count);
                    return new DflDataset(samples.features(), samples.costs(), samples.paths(), samples.optima());
                }

                @Override
                public int[] solve(float[] costs) {
                    return GridDagShortestPath.arcs(costs, grid, grid);
                }

                /** κ = 5, PyEPO's setting, though a path on the 5 × 5 grid has 8 arcs. */
                @Override
                public double sumOfGammaK() {
                    return 5;
                }

                @Override
                public SolverLayer layer(LayerSettings settings) {
                    return settings.apply(GridDagShortestPathLayer.builder().setRows(grid).setCols(grid)).build();
                }
            };
        }
    }

    private void printTables(ReportWriter report, List<Summary> summaries) {
        DflExperiment experiment = experiment();
        experiment.printRegretTable(report, summaries, String.format("Normalised regret %% on %d test samples (%d×%d "
                + "grid, %d training samples, %d epochs), mean ± std over %d seeds:", split.test, grid, grid,
                split.train, training.epochs, repeats.count));
        experiment.printCachingTable(report, summaries);

        Table notebook = new Table("method", "regret %", "notebook's settings");
        for (NotebookFigure figure : PYEPO_NOTEBOOK) {
            notebook.row(figure.method(), String.format("%.2f", figure.regretPercent()), figure.settings());
        }
        report.table(String.format("%nPyEPO's tutorial notebook \"03 Training and Testing\", for orientation: one run "
                + "(seed 42) at deg 4, ē 0.5 with its own hyper-parameters, not computed here and not a paper's "
                + "results; its AIMLE is PyEPO's own rule, not the AAAI 2023 one:"), notebook);
    }
}
