package org.imle4j.samples.pyepo;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.imle4j.annotation.Objective;
import org.imle4j.ortools.KnapsackCpSat;
import org.imle4j.ortools.KnapsackCpSatLayer;
import org.imle4j.ortools.KnapsackMip;
import org.imle4j.ortools.KnapsackMipLayer;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.samples.harness.Range;
import org.imle4j.samples.harness.RepeatOptions;
import org.imle4j.samples.harness.ReportWriter;
import org.imle4j.samples.harness.SampleCommand;
import org.imle4j.samples.harness.SplitOptions;
import org.imle4j.samples.harness.TrainingOptions;
import org.imle4j.samples.pyepo.DflExperiment.MethodResult;
import org.imle4j.samples.pyepo.DflExperiment.Run;
import org.imle4j.samples.pyepo.DflExperiment.Summary;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * PyEPO's multi-dimensional knapsack benchmark on {@link KnapsackData}, run by {@link DflExperiment}: a linear model
 * (p features → n item values) trained for each method of {@link Method}, through an OR-Tools knapsack layer
 * ({@code KnapsackMipLayer}, SCIP, or {@code KnapsackCpSatLayer}, maximising) or with a loss on the predicted values,
 * and scored by PyEPO's normalised regret {@code Σ_i (z*_i − ⟨c_i, w*(ĉ_i)⟩) / Σ_i |z*_i|} on the test set, with the
 * layer methods also at solve ratios below 1 (the solution cache). Here solving dominates the training time.
 */
@Command(name = "pyepo-knapsack",
        description = "PyEPO's multi-dimensional knapsack on OR-Tools (SCIP or CP-SAT): normalised regret, training "
                + "and solver seconds of AIMLE, I-MLE, DBB, STE, PFY, SPO+ and the two-stage MSE baseline, at "
                + "solve ratios 1, 0.3 and 0.1.")
public final class PyEpoKnapsackCommand extends SampleCommand<PyEpoKnapsackCommand.Report> {
    @Mixin
    TrainingOptions training = new TrainingOptions(8, 10, 0.05);

    @Mixin
    SplitOptions split = new SplitOptions(100, 200);

    @Mixin
    DflOptions sweep = new DflOptions("4", "0.5", "aimle,imle,dbb,ste,pfy,spo+,mse", "1,0.3,0.1");

    @Mixin
    RepeatOptions repeats = new RepeatOptions(3);

    @Option(names = "--items", description = "Items n (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int items = 32;

    @Option(names = "--dims", description = "Knapsack dimensions m (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int dimensions = 2;

    @Option(names = "--features", description = "Features p (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int features = 5;

    @Option(names = "--solver", converter = SolverChoice.Converter.class, description = "OR-Tools solver: mip (SCIP) or cp-sat (default: ${DEFAULT-VALUE}).")
    SolverChoice solver = SolverChoice.MIP;

    /** The OR-Tools model behind the layer and the oracle. */
    enum SolverChoice {
        /** SCIP through MPSolver. */
        MIP,
        /** CP-SAT. */
        CP_SAT;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Parses {@code mip} and {@code cp-sat} for picocli, in any case. */
        static final class Converter implements ITypeConverter<SolverChoice> {
            @Override
            public SolverChoice convert(String value) {
                for (SolverChoice choice : values()) {
                    if (choice.toString().equalsIgnoreCase(value.strip())) {
                        return choice;
                    }
                }
                throw new TypeConversionException("unknown solver '" + value + "'; choose mip or cp-sat");
            }
        }
    }

    /** The settings and results, as written to JSON; {@code methods} at the first solve ratio. */
    record Report(List<Integer> degrees, List<Double> noiseHalfWidths, int seeds, int epochs, int train, int test,
            int batch, double learningRate, int items, int dimensions, int features, String solver, int firstSeed,
            List<Double> solveRatios, List<MethodResult> methods, List<MethodResult> caching,
            List<Summary> summaries, List<Run> runs) {}

    @Override
    protected void validate() {
        sweep.validate(common);
    }

    @Override
    protected Report compute() {
        DflExperiment experiment = experiment();
        List<Run> runs = experiment.run(common.device());
        List<Summary> summaries = experiment.summarise(runs);
        return new Report(sweep.degrees, sweep.halfWidths, repeats.count, training.epochs, split.train, split.test,
                training.batch, training.learningRate, items, dimensions, features, solver.toString(),
                common.seed(), sweep.solveRatios, experiment.methods(summaries), experiment.caching(summaries),
                summaries, runs);
    }

    @Override
    protected void report(Report report, ReportWriter writer) {
        DflExperiment experiment = experiment();
        experiment.printRegretTable(writer, report.summaries(), String.format("Normalised regret %% on %d test "
                + "samples (%d items × %d dimensions, %s, %d training samples, %d epochs), mean ± std over %d seeds; "
                + "seconds per run: training (solving included) and solver thread time:", split.test, items,
                dimensions, solver, split.train, training.epochs, repeats.count));
        experiment.printCachingTable(writer, report.summaries());
        experiment.writePlots(writer, report.summaries(), "PyEPO knapsack, " + items + " items × " + dimensions
                + " dimensions");
    }

    private DflExperiment experiment() {
        return sweep.experiment("pyepo-knapsack", new Problem(), training, split, repeats, common);
    }

    /** The knapsack, maximising, on {@link KnapsackData} with the chosen OR-Tools solver. */
    private final class Problem implements DflProblem {
        // One solver object per command: its per-thread models serve every seed's constraint data.
        private final KnapsackMip mip = new KnapsackMip();
        private final KnapsackCpSat cpSat = new KnapsackCpSat();

        @Override
        public Objective sense() {
            return Objective.MAXIMIZE;
        }

        @Override
        public int features() {
            return features;
        }

        @Override
        public Instance draw(int degree, double halfWidth, long seed) {
            KnapsackData data = new KnapsackData(items, dimensions, features, degree, halfWidth, seed,
                    this::select);
            return new Instance() {
                @Override
                public int dimension() {
                    return items;
                }

                @Override
                public DflDataset next(int count) {
                    return data.next(count);
                }

                @Override
                public int[] solve(float[] costs) {
                    return data.solve(costs);
                }

                /** κ = n/2: the capacities hold half the total weight, so about half the items fit. */
                @Override
                public double sumOfGammaK() {
                    return items / 2.0;
                }

                @Override
                public SolverLayer layer(LayerSettings settings) {
                    return switch (solver) {
                        case MIP -> settings.apply(KnapsackMipLayer.builder().setSolver(mip)
                                .setWeights(data.weights()).setCapacities(data.capacities())).build();
                        case CP_SAT -> settings.apply(KnapsackCpSatLayer.builder().setSolver(cpSat)
                                .setWeights(data.weights()).setCapacities(data.capacities())).build();
                    };
                }
            };
        }

        private int[] select(float[] values, int[][] weights, int[] capacities) {
            try {
                return solver == SolverChoice.MIP ? mip.select(values, weights, capacities)
                        : cpSat.select(values, weights, capacities);
            } catch (TimeoutException e) {
                throw new IllegalStateException("a solver without a time limit timed out", e);
            }
        }
    }
}
