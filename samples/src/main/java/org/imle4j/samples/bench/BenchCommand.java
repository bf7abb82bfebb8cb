package org.imle4j.samples.bench;

import static org.imle4j.samples.harness.ReportWriter.fixed;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.Trainer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.stream.IntStream;
import org.imle4j.annotation.Difference;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.solvers.BatchTopKLayer;
import org.imle4j.runtime.solvers.TopKLayer;
import org.imle4j.samples.harness.Range;
import org.imle4j.samples.harness.ReportWriter;
import org.imle4j.samples.harness.SampleCommand;
import org.imle4j.samples.harness.TopKOptions;
import org.imle4j.samples.harness.Training;
import org.imle4j.samples.report.LinePlot;
import org.imle4j.samples.report.Progress;
import org.imle4j.samples.report.Statistics;
import org.imle4j.samples.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The standard speed configuration: x [B, features] → Linear(features → n) → top-k AIMLE layer (central, S samples)
 * → loss mean ‖z − b‖² → backward → SGD step, with the batch (NDArray) top-k solver and with the plain-Java one.
 */
@Command(name = "bench",
        description = "Median time per training step through a top-k AIMLE layer, and the share spent solving.")
public final class BenchCommand extends SampleCommand<List<BenchCommand.Measurement>> {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Which top-k solver the layer calls. */
    enum SolverKind {
        BATCH,
        JAVA,
        BOTH
    }

    /** n items scored by the linear layer, k of them selected. */
    @Mixin
    TopKOptions topK = new TopKOptions(256, 16, Noise.SUM_OF_GAMMA);

    @Option(names = "--batch", description = "Batch size B (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int batch = 32;

    @Option(names = "--features", description = "Input features (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int features = 64;

    @Option(names = "--samples", description = "Perturbed samples S (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int samples = 10;

    @Option(names = "--exact-noise", description = "Draw Sum-of-Gamma noise exactly instead of by quantile table.")
    boolean exactNoise;

    @Option(names = "--solver", description = "Solver: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    SolverKind solver = SolverKind.BOTH;

    @Option(names = "--threads", description = "Solver threads for the Java solver, 0 = shared pool "
            + "(default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(0) int threads;

    @Option(names = "--no-solution-checks", description = "Skip the check of every solution against the solver's "
            + "declared structure (optCheckSolutions(false)), to measure its cost.")
    boolean noSolutionChecks;

    @Option(names = "--frozen-upstream", description = "Freeze the linear layer before the solver layer, so that θ "
            + "is computed from data and frozen weights alone, and put a trainable layer normalisation after it.")
    boolean frozenUpstream;

    @Option(names = "--steps", description = "Measured steps (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int steps = 200;

    @Option(names = "--warmup", description = "Warm-up steps, not measured: JIT compilation and the native heap "
            + "settle in them (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(0) int warmup = 300;

    /**
     * One configuration's timings. Solver wall time is the time spent in the solver calls, host copies included;
     * solver work is the time threads spent solving single instances, summed over the threads (for the batch solver,
     * which solves on the device in one call, the same as the wall time). Step CPU time is the calling thread's CPU
     * time: on a busy machine it shows the step's own cost where wall time shows the waiting too.
     */
    record Measurement(String solver, String noise, String upstream, int batch, int n, int k, int samples,
            double medianStepMs, double medianStepCpuMs, double medianSolverMs, double medianSolverWorkMs,
            double stepPerSolverWall, double stepPerSolverWork, double arraysPerStep, double[] stepMs) {}

    @Override
    protected List<Measurement> compute() {
        return (solver == SolverKind.BOTH ? List.of(SolverKind.BATCH, SolverKind.JAVA) : List.of(solver)).stream()
                .map(this::measure).toList();
    }

    @Override
    protected void report(List<Measurement> measurements, ReportWriter report) {
        Table table = new Table("solver", "noise", "upstream", "step ms", "step CPU ms", "solver wall ms",
                "solver work ms", "step/wall", "step/work", "NDArrays/step");
        LinePlot plot = new LinePlot("Training step time, " + topK.noise, "measured step", "ms");
        for (Measurement m : measurements) {
            table.row(m.solver(), m.noise(), m.upstream(), fixed(m.medianStepMs(), 2), fixed(m.medianStepCpuMs(), 2),
                    fixed(m.medianSolverMs(), 2), fixed(m.medianSolverWorkMs(), 2), fixed(m.stepPerSolverWall(), 2),
                    fixed(m.stepPerSolverWork(), 2), fixed(m.arraysPerStep(), 2));
            plot.series(m.solver() + " solver", IntStream.rangeClosed(1, steps).asDoubleStream().toArray(),
                    m.stepMs());
        }
        String tunables = System.getenv("GLIBC_TUNABLES");
        report.line("native heap: %s", tunables == null
                ? "glibc defaults (freed memory goes back to the OS every step; see the README)"
                : "GLIBC_TUNABLES=" + tunables);
        report.table("", table);
        report.plot("bench.png", plot);
    }

    Measurement measure(SolverKind kind) {
        int n = topK.items;
        int k = topK.k;
        Training.seed(common.seed());
        SolverLayer layer = kind == SolverKind.BATCH ? configure(BatchTopKLayer.builder().setK(k)).build()
                : configure(TopKLayer.builder().setK(k)).build();
        Device device = common.device();
        try (Model model = Model.newInstance("bench", device)) {
            Linear linear = Linear.builder().setUnits(n).build();
            SequentialBlock net = new SequentialBlock().add(linear).add(layer);
            if (frozenUpstream) {
                net.add(LayerNorm.builder().build());
            }
            model.setBlock(net);
            NDManager manager = model.getNDManager();
            NDArray x = manager.randomNormal(new Shape(batch, features));
            NDArray uniform = manager.randomUniform(0, 1, new Shape(batch, 1, n));
            NDArray target = uniform.lt(Scalars.of(uniform, k / (double) n))
                    .toType(x.getDataType(), false).broadcast(batch, samples, n).reshape(batch * samples, n);
            try (Trainer trainer = ScopedStep.trainer(model, device)) {
                trainer.initialize(new Shape(batch, features));
                if (frozenUpstream) {
                    linear.freezeParameters(true);
                }
                double[] stepMs = new double[steps];
                double[] stepCpuMs = new double[steps];
                double[] solverMs = new double[steps];
                double[] workMs = new double[steps];
                long arrays = 0;
                Progress progress = Progress.start("bench " + kind.name().toLowerCase() + " " + topK.noise
                        + (frozenUpstream ? " frozen upstream" : ""),
                        warmup + steps);
                // A loop of our own rather than EasyTrain: each step is timed and its arrays counted.
                for (int step = 0; step < warmup + steps; step++) {
                    long solverBefore = layer.getSolver().nanos();
                    long workBefore = layer.getSolver().threadNanos();
                    long start = System.nanoTime();
                    long cpuStart = THREADS.getCurrentThreadCpuTime();
                    int created = ScopedStep.run(trainer, manager, x, target);
                    if (step >= warmup) {
                        arrays += created;
                    }
                    if (step >= warmup) {
                        stepMs[step - warmup] = (System.nanoTime() - start) / 1e6;
                        stepCpuMs[step - warmup] = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e6;
                        solverMs[step - warmup] = (layer.getSolver().nanos() - solverBefore) / 1e6;
                        workMs[step - warmup] = (layer.getSolver().threadNanos() - workBefore) / 1e6;
                    }
                    progress.step();
                }
                progress.end();
                double step = Statistics.median(stepMs);
                double solve = Statistics.median(solverMs);
                double work = Statistics.median(workMs);
                return new Measurement(kind.name().toLowerCase(), topK.noise + (exactNoise ? " (exact)" : ""),
                        frozenUpstream ? "frozen" : "trainable", batch, n, k, samples, step,
                        Statistics.median(stepCpuMs), solve, work, step / solve, step / work,
                        arrays / (double) steps, stepMs);
            }
        }
    }

    @Override
    protected void validate() {
        topK.validate(common);
    }

    /** The same top-k layer over either solver: central differences, S samples per example. */
    private <B extends SolverLayer.Builder<B>> B configure(B builder) {
        return builder.optSamples(samples).optDifference(Difference.CENTRAL).optNoise(topK.noise)
                .optSumOfGammaK(topK.k).optSumOfGammaIterations(10).optExactSumOfGamma(exactNoise)
                .optSolverThreads(threads).optOutput(Output.SAMPLES).optCheckSolutions(!noSolutionChecks);
    }
}
