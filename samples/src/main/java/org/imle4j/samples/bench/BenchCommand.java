package org.imle4j.samples.bench;

import static org.imle4j.samples.harness.ReportWriter.fixed;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import com.google.gson.GsonBuilder;
import com.google.gson.Strictness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.imle4j.annotation.Difference;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.solvers.BatchTopKLayer;
import org.imle4j.runtime.solvers.TopK;
import org.imle4j.runtime.solvers.TopKLayer;
import org.imle4j.samples.Samples;
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
public final class BenchCommand extends SampleCommand<BenchCommand.Result> {
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

    @Option(names = "--inference", description = "Time the layer's forward outside training (training = false, no "
            + "noise) at --batch against a plain call of its solver: the batch solver on θ, the Java solver on θ's host "
            + "copy, each row solved and the solution copied back; the two take turns in blocks of 10 calls.")
    boolean inference;

    @Option(names = "--sweep", arity = "0..1", split = ",", paramLabel = "B[,B...]",
            fallbackValue = "1,2,4,8,16,32,64,128,256,512",
            description = "Measure the curve instead of one batch size: every B of the list (B = 1, 2, 4, ..., 512 "
                    + "without one), with both solvers and the floor (the same step without the solver layer); "
                    + "--steps steps up to B = 32, fewer above (at least 20), each after its warm-up.")
    @Range.AtLeast(1) List<Integer> sweep;

    @Option(names = "--fork", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Measure each batch size of --sweep, and each solver of --inference, in a JVM of its own, as "
                    + "JMH forks its benchmarks: in one JVM the first runs while the JVM is still starting up, and "
                    + "the later ones on code compiled for the earlier ones (default: ${DEFAULT-VALUE}).")
    boolean fork;

    @Option(names = "--point", hidden = true, paramLabel = "B",
            description = "Measure one batch size of a sweep, the floor and the solvers of --solver side by side, and "
                    + "record it alone: what --fork runs in each JVM.")
    @Range.AtLeast(1) Integer point;

    @Option(names = "--steps", description = "Measured steps (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int steps = 200;

    @Option(names = "--warmup", description = "Warm-up steps, not measured: JIT compilation and the native heap "
            + "settle in them (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(0) int warmup = 300;

    @Option(names = "--warmup-seconds", description = "The warm-up of each configuration also lasts at least this "
            + "long (in a sweep, of each batch size, its configurations taking turns): code that runs once per step "
            + "reaches the JIT's optimising compiler only after thousands of steps, seconds at small batches "
            + "(default: " + WARMUP_SECONDS + ", " + SWEEP_WARMUP_SECONDS + " with --sweep).")
    @Range.AtLeast(0) Double warmupSeconds;

    /** Default warm-up of one configuration, in seconds. */
    private static final double WARMUP_SECONDS = 8;
    /** Default warm-up of one batch size of a sweep, shared by its configurations, in seconds. */
    private static final double SWEEP_WARMUP_SECONDS = 20;

    /**
     * One configuration's timings. Solver wall time is the time spent in the solver calls, host copies included;
     * solver work is the time threads spent solving single instances, summed over the threads (for the batch solver,
     * which solves on the device in one call, the same as the wall time). Step CPU time is the calling thread's CPU
     * time: on a busy machine it shows the step's own cost where wall time shows the waiting too. The warm-up steps
     * are those run before the timed ones ({@code --warmup} and {@code --warmup-seconds}); the cold step time is the
     * median of the first {@value Warmup#FIRST_STEPS} of them.
     */
    record Measurement(String solver, String noise, String upstream, int batch, int n, int k, int samples,
            double medianStepMs, double medianStepCpuMs, double medianSolverMs, double medianSolverWorkMs,
            double stepPerSolverWall, double stepPerSolverWork, double arraysPerStep, int warmupSteps,
            double coldStepMs, double[] stepMs) {}

    /**
     * The layer's forward outside training against a plain call of its solver, per solver.
     *
     * @param solver {@code batch} or {@code java}
     * @param batch batch size B
     * @param calls timed calls of each
     * @param layerMs median time of the layer's forward
     * @param plainMs median time of the plain call, copies included
     * @param overheadUs the layer's overhead per call: the median over the blocks of the layer block's median minus
     *     the plain block's of the same turn ({@link PairedFloor}), in microseconds
     * @param layerArraysPerCall native arrays the layer's forward creates per call
     * @param plainArraysPerCall native arrays the plain call creates per call
     */
    record Inference(String solver, int batch, int calls, double layerMs, double plainMs, double overheadUs,
            double layerArraysPerCall, double plainArraysPerCall) {}

    /** What one run measured: the measurements of one batch size, the sweep, or inference; the others are null. */
    record Result(List<Measurement> measurements, Sweep sweep, List<Inference> inference) {}

    @Override
    protected Result compute() {
        if (sweep != null || point != null) {
            return new Result(null, measureSweep(), null);
        }
        if (inference) {
            // Each solver in a JVM of its own, as the sweep measures each batch size: no solver runs on code the JIT
            // compiled while the other one ran.
            boolean apart = fork && solvers().size() > 1;
            return new Result(null, null,
                    solvers().stream().map(apart ? this::forkedInference : this::measureInference).toList());
        }
        return new Result(solvers().stream().map(this::measure).toList(), null, null);
    }

    @Override
    protected Object record(Result result) {
        if (result.inference() != null) {
            return result.inference();
        }
        return result.sweep() != null ? result.sweep() : result.measurements();
    }

    @Override
    protected void report(Result result, ReportWriter report) {
        if (result.sweep() != null) {
            reportSweep(result.sweep(), report);
        } else if (result.inference() != null) {
            reportInference(result.inference(), report);
        } else {
            reportMeasurements(result.measurements(), report);
        }
    }

    private List<SolverKind> solvers() {
        return solver == SolverKind.BOTH ? List.of(SolverKind.BATCH, SolverKind.JAVA) : List.of(solver);
    }

    private void reportMeasurements(List<Measurement> measurements, ReportWriter report) {
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
        SolverLayer layer = seededLayer(kind);
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
                String name = "bench " + kind.name().toLowerCase() + " " + topK.noise
                        + (frozenUpstream ? " frozen upstream" : "");
                Warmup warm = warmUp(name, () -> ScopedStep.run(trainer, manager, x, target));
                Progress progress = Progress.start(name, steps);
                // A loop of our own rather than EasyTrain: each step is timed and its arrays counted.
                for (int step = 0; step < steps; step++) {
                    long solverBefore = layer.getSolver().nanos();
                    long workBefore = layer.getSolver().threadNanos();
                    long start = System.nanoTime();
                    long cpuStart = THREADS.getCurrentThreadCpuTime();
                    arrays += ScopedStep.runCounting(trainer, manager, x, target);
                    stepMs[step] = (System.nanoTime() - start) / 1e6;
                    stepCpuMs[step] = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e6;
                    solverMs[step] = (layer.getSolver().nanos() - solverBefore) / 1e6;
                    workMs[step] = (layer.getSolver().threadNanos() - workBefore) / 1e6;
                    progress.step();
                }
                progress.end();
                double step = Statistics.median(stepMs);
                double solve = Statistics.median(solverMs);
                double work = Statistics.median(workMs);
                return new Measurement(kind.name().toLowerCase(), topK.noise + (exactNoise ? " (exact)" : ""),
                        frozenUpstream ? "frozen" : "trainable", batch, n, k, samples, step,
                        Statistics.median(stepCpuMs), solve, work, step / solve, step / work,
                        arrays / (double) steps, warm.steps(), warm.firstStepsMs(), stepMs);
            }
        }
    }

    /**
     * The layer's forward outside training against a plain call of its solver on the same θ [B, n]. Both create their
     * arrays in a scope of their own per call, closed after it, and take turns in blocks of {@value PairedFloor#BLOCK}
     * calls; the arrays of {@value #CENSUS_STEPS} calls of each are counted after the timed ones.
     */
    Inference measureInference(SolverKind kind) {
        int n = topK.items;
        int k = topK.k;
        SolverLayer layer = seededLayer(kind);
        try (NDManager manager = NDManager.newBaseManager(common.device())) {
            NDArray theta = manager.randomNormal(new Shape(batch, n));
            layer.initialize(manager, theta.getDataType(), theta.getShape());
            ParameterStore parameters = new ParameterStore(manager, false);
            Runnable forward = () -> {
                try (NDManager scope = manager.newSubManager()) {
                    layer.forward(parameters, new NDList(theta), false).head().attach(scope);
                }
            };
            Runnable plain = kind == SolverKind.BATCH
                    ? () -> {
                        try (NDManager scope = manager.newSubManager()) {
                            TopK.indicator(theta, k).attach(scope);
                        }
                    }
                    : () -> {
                        try (NDManager scope = manager.newSubManager()) {
                            scope.create(solveRows(theta.toFloatArray(), n, k), theta.getShape());
                        }
                    };
            String name = "bench inference " + kind.name().toLowerCase();
            warmUp(name, () -> {
                forward.run();
                plain.run();
            });
            double[] layerMs = new double[steps];
            double[] plainMs = new double[steps];
            for (int from = 0; from < steps; from += PairedFloor.BLOCK) {
                int to = Math.min(steps, from + PairedFloor.BLOCK);
                timeCalls(forward, layerMs, from, to);
                timeCalls(plain, plainMs, from, to);
            }
            ArrayCensus census = new ArrayCensus(manager);
            double layerArrays = countCalls(census, forward);
            double plainArrays = countCalls(census, plain);
            return new Inference(kind.name().toLowerCase(), batch, steps, Statistics.median(layerMs),
                    Statistics.median(plainMs), 1000 * PairedFloor.layerMs(layerMs, plainMs), layerArrays,
                    plainArrays);
        }
    }

    /** Each row of θ [rows, n] on the host through the Java top-k, the solutions written into one array. */
    private static float[] solveRows(float[] theta, int n, int k) {
        float[] solutions = new float[theta.length];
        float[] row = new float[n];
        for (int from = 0; from < theta.length; from += n) {
            System.arraycopy(theta, from, row, 0, n);
            int[] z = TopK.indicator(row, k);
            for (int i = 0; i < n; i++) {
                solutions[from + i] = z[i];
            }
        }
        return solutions;
    }

    private static void timeCalls(Runnable call, double[] ms, int from, int to) {
        for (int i = from; i < to; i++) {
            long start = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
    }

    /** Native arrays per call over {@value #CENSUS_STEPS} calls. */
    private static double countCalls(ArrayCensus census, Runnable call) {
        long arrays = 0;
        for (int i = 0; i < CENSUS_STEPS; i++) {
            census.start();
            call.run();
            arrays += census.stop();
        }
        return arrays / (double) CENSUS_STEPS;
    }

    private void reportInference(List<Inference> results, ReportWriter report) {
        Table table = new Table("solver", "B", "calls", "layer forward ms", "plain call ms", "overhead µs",
                "NDArrays/call: layer", "NDArrays/call: plain");
        for (Inference r : results) {
            table.row(r.solver(), String.valueOf(r.batch()), String.valueOf(r.calls()), fixed(r.layerMs(), 4),
                    fixed(r.plainMs(), 4), fixed(r.overheadUs(), 1), fixed(r.layerArraysPerCall(), 1),
                    fixed(r.plainArraysPerCall(), 1));
        }
        report.table("Inference (training = false), " + topK.noise + " layer, n = " + topK.items + ", top-" + topK.k
                + ": the layer's forward against a plain call of its solver", table);
    }

    /** The warm-up of one configuration, {@code --warmup} steps and {@code --warmup-seconds} at least. */
    private Warmup warmUp(String name, Runnable step) {
        Progress progress = Progress.start(name + " warm-up", warmup);
        Warmup warm = Warmup.run(warmup, warmupSeconds(), step, progress);
        progress.end();
        return warm;
    }

    /** {@code --warmup-seconds}, or its default for one configuration or for a sweep. */
    private double warmupSeconds() {
        if (warmupSeconds != null) {
            return warmupSeconds;
        }
        return sweep != null || point != null ? SWEEP_WARMUP_SECONDS : WARMUP_SECONDS;
    }

    /** Steps counted for the native arrays per step, after the timed ones. */
    private static final int CENSUS_STEPS = 10;

    /**
     * The curve of step time against batch size. Each point is one configuration: a fresh model (and a fresh solver
     * layer) seeded alike, its warm-up ({@code --warmup} steps and {@code --warmup-seconds} at least), then the timed
     * steps, then {@value #CENSUS_STEPS} steps whose native arrays are counted ({@code nativeArrays} says what that counts).
     *
     * @param noise the perturbation
     * @param n items
     * @param k items selected
     * @param samples perturbed samples S
     * @param features input features
     * @param torchThreads PyTorch intra-op threads (0: the engine's default)
     * @param warmup the fewest warm-up steps of every configuration
     * @param warmupSeconds the shortest warm-up of every batch size, its configurations taking turns, in seconds
     * @param nativeArrays what {@link Point#nativeArraysPerStep()} counts
     * @param points one per batch size and solver ({@code floor}, {@code batch}, {@code java}), by batch size
     */
    record Sweep(String noise, int n, int k, int samples, int features, int torchThreads, int warmup,
            double warmupSeconds, String nativeArrays, List<Point> points) {}

    /**
     * One configuration of the sweep.
     *
     * @param batch batch size B
     * @param solver {@code floor} (no solver layer), {@code batch} or {@code java}
     * @param steps timed steps
     * @param stepMs median step time
     * @param stepMsQ1 first quartile of the step times
     * @param stepMsQ3 third quartile of the step times
     * @param solverWallMs median time in the solver calls per step (0 for the floor)
     * @param floorMs the floor's median step time at this batch size, measured beside the solvers in the same JVM
     * @param layerMs the solver layer's own cost: the median over the blocks of the layer block's median minus the
     *     floor block's of the same turn ({@link PairedFloor}; 0 for the floor)
     * @param nativeArraysPerStep native arrays created per step, averaged over the census steps
     * @param warmupSteps the steps of its warm-up, before the timed ones
     * @param warmupSeconds the warm-up's wall time
     * @param coldStepMs the median of the first {@value Warmup#FIRST_STEPS} warm-up steps: the step before the JIT
     *     has compiled much of it
     */
    record Point(int batch, String solver, int steps, double stepMs, double stepMsQ1, double stepMsQ3,
            double solverWallMs, double floorMs, double layerMs, double nativeArraysPerStep, int warmupSteps,
            double warmupSeconds, double coldStepMs) {}

    /** Measured steps at batch size B in a sweep: {@code --steps} up to B = 32, then in proportion to 1/B. */
    int sweepSteps(int b) {
        return Math.max(Math.min(steps, 20), Math.min(steps, (int) Math.ceil(steps * 32.0 / b)));
    }

    Sweep measureSweep() {
        List<Point> points = new ArrayList<>();
        if (point != null) {
            points.addAll(measureBatchSize(point));
        } else {
            for (int b : sweep) {
                points.addAll(fork ? forked(b) : measureBatchSize(b));
            }
        }
        return sweepOf(points);
    }

    private Sweep sweepOf(List<Point> points) {
        return new Sweep(topK.noise + (exactNoise ? " (exact)" : ""), topK.items, topK.k, samples, features,
                common.torchThreads(), warmup, warmupSeconds(), "distinct NDArrays created per step on the model's "
                        + "manager and every manager below it (the step's scope and its sub-managers included), on any "
                        + "thread; an array moved between them counts once", points);
    }

    /**
     * {@link #measureBatchSize} in a JVM of its own: the same java, JVM options and class path, this command with the
     * same settings and {@code --point}, its records read back.
     */
    private List<Point> forked(int b) {
        String json = inChildJvm("bench sweep B=" + b, List.of("--point", String.valueOf(b), "--solver", solver.name()));
        // Lenient: a point without warm-up steps records its cold step time as NaN.
        return new GsonBuilder().setStrictness(Strictness.LENIENT).create().fromJson(json, Sweep.class).points();
    }

    /** {@link #measureInference} in a JVM of its own, as {@link #forked(int)} measures a batch size. */
    private Inference forkedInference(SolverKind kind) {
        String json = inChildJvm("bench inference " + kind.name().toLowerCase(),
                List.of("--inference", "--batch", String.valueOf(batch), "--solver", kind.name(), "--no-fork"));
        return new GsonBuilder().setStrictness(Strictness.LENIENT).create().fromJson(json, Inference[].class)[0];
    }

    /**
     * Runs this command in a JVM of its own, with the same java, JVM options, class path and settings plus
     * {@code arguments}, and returns the {@code bench.json} it wrote into a temporary folder.
     *
     * @param what names the run in error messages
     */
    private String inChildJvm(String what, List<String> arguments) {
        Path folder = null;
        try {
            folder = Files.createTempDirectory("imle4j-bench-point");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Samples.class.getName(), "bench",
                    "--out", folder.toString(), "--n", String.valueOf(topK.items), "--k", String.valueOf(topK.k),
                    "--noise", topK.noise.name(), "--samples", String.valueOf(samples), "--features",
                    String.valueOf(features), "--threads", String.valueOf(threads), "--steps", String.valueOf(steps),
                    "--warmup", String.valueOf(warmup), "--warmup-seconds", String.valueOf(warmupSeconds()), "--seed",
                    String.valueOf(common.seed()), "--torch-threads", String.valueOf(common.torchThreads()),
                    "--device", common.deviceName()));
            command.addAll(arguments);
            if (exactNoise) {
                command.add("--exact-noise");
            }
            if (noSolutionChecks) {
                command.add("--no-solution-checks");
            }
            Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException(what + ": its JVM exited with code " + exit
                        + " (its error output is above)");
            }
            return Files.readString(folder.resolve("bench.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": cannot run its JVM", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        } finally {
            deleteQuietly(folder);
        }
    }

    /** Removes a point's temporary folder and its files; what cannot be removed stays behind in the temp folder. */
    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (var files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // Left for the system's temp cleaner: the measurement itself is unaffected.
        }
    }

    /**
     * The points of one batch size, the floor's and each solver's, measured side by side: every configuration has a
     * model of its own, seeded alike, and they take turns, one step each during the warm-up and blocks of
     * {@value PairedFloor#BLOCK} steps in the timed part, so that all of them meet the machine at the same speed
     * ({@link PairedFloor}).
     */
    private List<Point> measureBatchSize(int b) {
        int timed = sweepSteps(b);
        List<Rig> rigs = new ArrayList<>();
        try {
            rigs.add(seeded(null, b));
            for (SolverKind kind : solvers()) {
                rigs.add(seeded(kind, b));
            }
            String name = "bench sweep B=" + b;
            Progress warmProgress = Progress.start(name + " warm-up", warmup);
            Warmup warm = Warmup.run(warmup, warmupSeconds(), () -> rigs.forEach(Rig::warmStep), warmProgress);
            warmProgress.end();
            // One tick per turn of blocks, and one for the census.
            Progress progress = Progress.start(name, (timed + PairedFloor.BLOCK - 1) / PairedFloor.BLOCK + 1);
            for (int from = 0; from < timed; from += PairedFloor.BLOCK) {
                int to = Math.min(timed, from + PairedFloor.BLOCK);
                for (Rig rig : rigs) {
                    rig.timedSteps(from, to);
                }
                progress.step();
            }
            for (Rig rig : rigs) {
                rig.countArrays();
            }
            progress.step();
            progress.end();
            double[] floorMs = rigs.get(0).stepMs;
            double floor = Statistics.median(floorMs);
            List<Point> points = new ArrayList<>();
            for (Rig rig : rigs) {
                double median = Statistics.median(rig.stepMs);
                double own = rig.layer == null ? 0 : PairedFloor.layerMs(rig.stepMs, floorMs);
                points.add(new Point(b, rig.name, timed, median, quantile(rig.stepMs, 0.25),
                        quantile(rig.stepMs, 0.75), Statistics.median(rig.solverMs), floor, own,
                        rig.arrays / (double) CENSUS_STEPS, warm.steps(), warm.seconds(), rig.coldStepMs()));
            }
            return points;
        } finally {
            for (Rig rig : rigs) {
                rig.close();
            }
        }
    }

    /** The configuration of one solver (the floor if {@code kind} is null) at batch size B, seeded afresh. */
    private Rig seeded(SolverKind kind, int b) {
        return new Rig(kind == null ? "floor" : kind.name().toLowerCase(), seededLayer(kind), b, sweepSteps(b));
    }

    /**
     * Seeds every random number generator with {@code --seed}, then builds the top-k layer over the solver of
     * {@code kind}; null, after seeding, for the floor ({@code kind} null).
     */
    private SolverLayer seededLayer(SolverKind kind) {
        Training.seed(common.seed());
        int k = topK.k;
        if (kind == null) {
            return null;
        }
        return kind == SolverKind.BATCH ? configure(BatchTopKLayer.builder().setK(k)).build()
                : configure(TopKLayer.builder().setK(k)).build();
    }

    /**
     * One configuration's model and trainer, x [B, features] → Linear(features → n) → the solver layer, if any, with a
     * target of B·S rows (B without the layer), and the times of its steps.
     */
    private final class Rig implements AutoCloseable {
        private final String name;
        private final SolverLayer layer;
        private final Model model;
        private final Trainer trainer;
        private final NDManager manager;
        private final NDArray x;
        private final NDArray target;
        private final double[] stepMs;
        private final double[] solverMs;
        private final double[] firstMs = new double[Warmup.FIRST_STEPS];
        private int warmSteps;
        private long arrays;

        Rig(String name, SolverLayer layer, int b, int timed) {
            this.name = name;
            this.layer = layer;
            this.stepMs = new double[timed];
            this.solverMs = new double[timed];
            int n = topK.items;
            Device device = common.device();
            Model created = Model.newInstance("bench", device);
            Trainer opened = null;
            try {
                SequentialBlock net = new SequentialBlock().add(Linear.builder().setUnits(n).build());
                if (layer != null) {
                    net.add(layer);
                }
                created.setBlock(net);
                manager = created.getNDManager();
                x = manager.randomNormal(new Shape(b, features));
                int rows = layer == null ? 1 : samples;
                NDArray uniform = manager.randomUniform(0, 1, new Shape(b, 1, n));
                target = uniform.lt(Scalars.of(uniform, topK.k / (double) n))
                        .toType(x.getDataType(), false).broadcast(b, rows, n).reshape(b * rows, n);
                opened = ScopedStep.trainer(created, device);
                opened.initialize(new Shape(b, features));
            } catch (RuntimeException | Error e) {
                if (opened != null) {
                    opened.close();
                }
                created.close();
                throw e;
            }
            model = created;
            trainer = opened;
        }

        /** A warm-up step; the first {@value Warmup#FIRST_STEPS} are timed for the cold step time. */
        void warmStep() {
            long start = System.nanoTime();
            ScopedStep.run(trainer, manager, x, target);
            if (warmSteps < firstMs.length) {
                firstMs[warmSteps] = (System.nanoTime() - start) / 1e6;
            }
            warmSteps++;
        }

        /** The median of the first {@value Warmup#FIRST_STEPS} warm-up steps, NaN if there were none. */
        double coldStepMs() {
            return warmSteps == 0 ? Double.NaN
                    : Statistics.median(Arrays.copyOf(firstMs, Math.min(warmSteps, firstMs.length)));
        }

        /** Timed steps {@code from} to {@code to} (exclusive) of this configuration. */
        void timedSteps(int from, int to) {
            for (int step = from; step < to; step++) {
                long solverBefore = layer == null ? 0 : layer.getSolver().nanos();
                long start = System.nanoTime();
                ScopedStep.run(trainer, manager, x, target);
                stepMs[step] = (System.nanoTime() - start) / 1e6;
                solverMs[step] = layer == null ? 0 : (layer.getSolver().nanos() - solverBefore) / 1e6;
            }
        }

        /**
         * {@value #CENSUS_STEPS} steps whose native arrays are counted; watching costs the steps time, so it happens
         * after the timed steps.
         */
        void countArrays() {
            ArrayCensus census = new ArrayCensus(manager);
            for (int step = 0; step < CENSUS_STEPS; step++) {
                census.start();
                ScopedStep.run(trainer, manager, x, target);
                arrays += census.stop();
            }
        }

        @Override
        public void close() {
            try {
                trainer.close();
            } finally {
                model.close();
            }
        }
    }

    /** The q-quantile of values, by linear interpolation between order statistics. */
    private static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    private void reportSweep(Sweep result, ReportWriter report) {
        Table table = new Table("B", "solver", "steps", "step ms", "q1–q3 ms", "solver wall ms", "floor ms",
                "layer ms", "NDArrays/step", "warm-up steps", "first " + Warmup.FIRST_STEPS + " steps ms");
        Map<String, List<Point>> bySolver = new LinkedHashMap<>();
        for (Point p : result.points()) {
            table.row(String.valueOf(p.batch()), p.solver(), String.valueOf(p.steps()), fixed(p.stepMs(), 3),
                    fixed(p.stepMsQ1(), 3) + "–" + fixed(p.stepMsQ3(), 3), fixed(p.solverWallMs(), 3),
                    fixed(p.floorMs(), 3), fixed(p.layerMs(), 3), fixed(p.nativeArraysPerStep(), 1),
                    String.valueOf(p.warmupSteps()), fixed(p.coldStepMs(), 3));
            bySolver.computeIfAbsent(p.solver(), s -> new ArrayList<>()).add(p);
        }
        report.table("Training step time against batch size, " + result.noise() + " (n = " + result.n() + ", top-"
                + result.k() + ", S = " + result.samples() + ")", table);
        LinePlot plot = new LinePlot("Training step time, " + result.noise() + ", n = " + result.n() + ", top-"
                + result.k() + ", S = " + result.samples(), "batch size B", "ms per step").logX().logY();
        bySolver.forEach((name, points) -> plot.series(name.equals("floor") ? "DJL floor (no solver layer)"
                : name + " solver", points.stream().mapToDouble(Point::batch).toArray(),
                points.stream().mapToDouble(Point::stepMs).toArray()));
        report.plot("bench.png", plot);
    }

    @Override
    protected void validate() {
        topK.validate(common);
        if (inference && (sweep != null || point != null)) {
            throw common.invalid("--sweep", sweep != null ? sweep : point,
                    "left out with --inference, which measures one batch size (--batch)");
        }

    }

    /** The same top-k layer over either solver: central differences, S samples per example. */
    private <B extends SolverLayer.Builder<B>> B configure(B builder) {
        return builder.optSamples(samples).optDifference(Difference.CENTRAL).optNoise(topK.noise)
                .optSumOfGammaK(topK.k).optSumOfGammaIterations(10).optExactSumOfGamma(exactNoise)
                .optSolverThreads(threads).optOutput(Output.SAMPLES).optCheckSolutions(!noSolutionChecks);
    }
}
