package org.imle4j.samples.pyepo;

import java.util.List;
import org.imle4j.annotation.Objective;
import org.imle4j.ortools.TravellingSalesperson;
import org.imle4j.ortools.TravellingSalespersonLayer;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.samples.harness.Range;
import org.imle4j.samples.harness.RepeatOptions;
import org.imle4j.samples.harness.ReportWriter;
import org.imle4j.samples.harness.SampleCommand;
import org.imle4j.samples.harness.SplitOptions;
import org.imle4j.samples.harness.TrainingOptions;
import org.imle4j.samples.pyepo.DflExperiment.Run;
import org.imle4j.samples.pyepo.DflExperiment.Summary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * PyEPO's travelling-salesperson benchmark on {@link TspData}, run by {@link DflExperiment}: a linear model
 * (p features → E = m(m−1)/2 edge costs, no activation) trained by Adam for each method of {@link Method}, through
 * the CP-SAT tour layer ({@code TravellingSalespersonLayer}, minimising) or with a loss on the predicted costs, and
 * scored by PyEPO's normalised regret on the test set, {@code Σ_i (⟨c_i, w*(ĉ_i)⟩ − z*_i) / Σ_i |z*_i|}, as mean ±
 * standard deviation over seeds. Here every solve is a CP-SAT search, so solving dominates the training time, and
 * the layer methods' solution cache (PyEPO's solve ratio) is measured at several ratios.
 */
@Command(name = "pyepo-tsp",
        description = "PyEPO's synthetic travelling salesperson on CP-SAT: normalised regret, training and solver "
                + "seconds of AIMLE, I-MLE, DBB, NID, PFY, SPO+ and two-stage MSE over seeds and solve ratios.")
public final class PyEpoTspCommand extends SampleCommand<PyEpoTspCommand.Report> {
    @Mixin
    TrainingOptions training = new TrainingOptions(3, 16, 0.1);

    @Mixin
    SplitOptions split = new SplitOptions(48, 32);

    @Mixin
    DflOptions sweep = new DflOptions("4", "0.5", "aimle,imle,dbb,ste,pfy,spo+,mse", "1,0.3,0.1");

    @Mixin
    RepeatOptions repeats = new RepeatOptions(3);

    @Option(names = "--nodes", description = "Nodes m of the complete graph (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(3) int nodes = 10;

    @Option(names = "--features", description = "Features p (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int features = 10;

    @Option(names = "--max-solve-seconds", description = "CP-SAT's time limit per solve, 0 for none; a solve that "
            + "ends with a tour not proven optimal returns it, one that ends without a tour fails the run "
            + "(default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(0) double maxSolveSeconds = 0;

    /**
     * One method at one configuration and solve ratio, over the seeds; regrets as fractions, seconds per run.
     *
     * @param name the method's name
     * @param degree the polynomial degree
     * @param noiseHalfWidth the noise half-width ē
     * @param solveRatio the solution cache's solve ratio (1 for methods without a layer)
     * @param regretMean the mean normalised regret on the test set
     * @param regretSd its standard deviation over the seeds
     * @param trainingSeconds the wall time of training, solving included
     * @param solverSeconds the solver's thread time while training, summed over the pool's threads
     * @param untrainedRegretMean the mean regret of the untrained model
     */
    record MethodResult(String name, int degree, double noiseHalfWidth, double solveRatio, double regretMean,
            double regretSd, double trainingSeconds, double solverSeconds, double untrainedRegretMean) {}

    /** The settings and results, as written to JSON. */
    record Report(List<Integer> degrees, List<Double> noiseHalfWidths, int seeds, int epochs, int train, int test,
            int batch, double learningRate, int nodes, int features, int firstSeed, List<Double> solveRatios,
            double maxSolveSeconds, long unprovenTours, List<MethodResult> methods, List<Run> runs) {}

    @Override
    protected void validate() {
        sweep.validate(common);
    }

    @Override
    protected Report compute() {
        Problem problem = problem();
        DflExperiment experiment = experiment(problem);
        List<Run> runs = experiment.run(common.device());
        List<MethodResult> results = experiment.summarise(runs).stream().map(s -> new MethodResult(s.method(),
                s.degree(), s.noiseHalfWidth(), s.solveRatio(), s.regretMean(), s.regretStd(), s.secondsPerRun(),
                s.solverSecondsPerRun(), s.untrainedRegretMean())).toList();
        return new Report(sweep.degrees, sweep.halfWidths, repeats.count, training.epochs, split.train, split.test,
                training.batch, training.learningRate, nodes, features, common.seed(), sweep.solveRatios,
                maxSolveSeconds, problem.solver().unprovenTours(), results, runs);
    }

    @Override
    protected void report(Report report, ReportWriter writer) {
        DflExperiment experiment = experiment(problem());
        List<Summary> summaries = report.methods().stream().map(m -> new Summary(m.name(), m.degree(),
                m.noiseHalfWidth(), m.solveRatio(), m.regretMean(), m.regretSd(), m.untrainedRegretMean(),
                m.trainingSeconds(), m.solverSeconds())).toList();
        experiment.printRegretTable(writer, summaries, String.format("Normalised regret %% on %d test samples (TSP "
                + "on %d nodes, %d training samples, %d epochs), mean ± std over %d seeds:", split.test, nodes,
                split.train, training.epochs, repeats.count));
        experiment.printCachingTable(writer, summaries);
        if (report.unprovenTours() > 0) {
            writer.line("%d tours were returned at the time limit without a proof of optimality.",
                    report.unprovenTours());
        }
        experiment.writePlots(writer, summaries, "PyEPO TSP, " + nodes + " nodes");
    }

    private Problem problem() {
        return new Problem(TravellingSalesperson.builder().setNodes(nodes).optMaxSeconds(maxSolveSeconds)
                .optNotProvenOptimal(TravellingSalesperson.NotProvenOptimal.RETURN_BEST_TOUR).build(), features);
    }

    private DflExperiment experiment(Problem problem) {
        return sweep.experiment("pyepo-tsp", problem, training, split, repeats, common);
    }

    /** The tour of least cost on {@link TspData}, minimising, one CP-SAT solver shared by every thread. */
    private record Problem(TravellingSalesperson solver, int features) implements DflProblem {
        @Override
        public Objective sense() {
            return Objective.MINIMIZE;
        }

        @Override
        public Instance draw(int degree, double halfWidth, long seed) {
            TspData data = new TspData(solver.nodes(), features, degree, halfWidth, seed, solver::tour);
            return new Instance() {
                @Override
                public int dimension() {
                    return TravellingSalesperson.edgeCount(solver.nodes());
                }

                @Override
                public DflDataset next(int count) {
                    return data.next(count);
                }

                @Override
                public int[] solve(float[] costs) {
                    return solver.tour(costs);
                }

                /** κ = m: a tour has m edges. */
                @Override
                public double sumOfGammaK() {
                    return solver.nodes();
                }

                @Override
                public SolverLayer layer(LayerSettings settings) {
                    return settings.apply(TravellingSalespersonLayer.builder().setSolver(solver)).build();
                }
            };
        }
    }
}
