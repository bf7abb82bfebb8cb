package org.imle4j.samples.bench;

import static org.imle4j.samples.harness.ReportWriter.fixed;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.imle4j.annotation.Difference;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.solvers.TopKLayer;
import org.imle4j.samples.harness.Range;
import org.imle4j.samples.harness.ReportWriter;
import org.imle4j.samples.harness.SampleCommand;
import org.imle4j.samples.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures how often DJL's number operands corrupt gradients: every step computes the gradient of θ = 2w twice, once
 * through {@code w.mul(2f)} (a scalar in a Java buffer that DJL frees when the call returns) and once through
 * {@code w.mul(Scalars.of(w, 2))}, and counts the steps where the two differ. Doubling is exact in floating point,
 * so any difference is corruption. Mode {@code djl} runs plain DJL (forward, backward); mode {@code imle4j} puts θ
 * through a plain-Java top-k solver layer, whose solver calls run between the forward and the backward pass into w.
 * Run it with a small fixed heap ({@code -Xmx64m}) so that the garbage collector runs often.
 */
@Command(name = "gc-probe",
        description = "Counts steps whose gradient through a DJL number operand is corrupted, plain DJL against "
                + "an imle4j solver layer.")
public final class GcProbeCommand extends SampleCommand<List<GcProbeCommand.Result>> {
    private static final int BATCH = 16;
    private static final int ITEMS = 64;

    /** What runs between the forward pass and the backward pass into w. */
    enum Mode { DJL, IMLE4J }

    @Option(names = "--steps", description = "Steps per mode (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int steps = 20_000;

    @Option(names = "--modes", split = ",",
            description = "Modes to run, of ${COMPLETION-CANDIDATES} (default: djl,imle4j).")
    List<Mode> modes = List.of(Mode.DJL, Mode.IMLE4J);

    @Option(names = "--force-gc", description = "Collect garbage between the forward and the backward pass.")
    boolean forceGc;

    @Option(names = "--collect-ahead", description = "Experiment: before a step, collect garbage whenever the young "
            + "generation would otherwise fill up during the step.")
    boolean collectAhead;

    /** The outcome of one mode. */
    record Result(String mode, int steps, int corruptedSteps, double allocatedBytesPerStep, double stepMs,
            String firstCorruption) {}

    @Override
    protected List<Result> compute() {
        return modes.stream().map(this::run).toList();
    }

    @Override
    protected void report(List<Result> results, ReportWriter report) {
        Table table = new Table("mode", "steps", "corrupted steps", "heap bytes / step", "ms / step",
                "first corruption");
        for (Result result : results) {
            table.row(result.mode(), result.steps(), result.corruptedSteps(),
                    fixed(result.allocatedBytesPerStep(), 0), fixed(result.stepMs(), 2), result.firstCorruption());
        }
        report.table("", table);
        report.line("heap: %d MiB max%s%s", Runtime.getRuntime().maxMemory() / 1048576,
                forceGc ? ", garbage collected between the passes" : "",
                collectAhead ? ", garbage collected ahead of steps that would fill the young generation" : "");
    }

    private Result run(Mode mode) {
        Random random = new Random(common.seed());
        float[] w = new float[BATCH * ITEMS];
        float[] c = new float[BATCH * ITEMS];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
            c[i] = random.nextBoolean() ? 1f : -1f;
        }
        TopKLayer layer = TopKLayer.builder().setK(8).optSamples(4).optNoise(Noise.SUM_OF_GAMMA).optSumOfGammaK(8)
                .optDifference(Difference.CENTRAL).optOutput(Output.MEAN).build();
        Shape shape = new Shape(BATCH, ITEMS);
        int corrupted = 0;
        String first = "";
        try (NDManager manager = NDManager.newBaseManager(common.device())) {
            NDArray weights = manager.create(c, shape);
            long allocatedBefore = HeapAllocation.total();
            long start = System.nanoTime();
            CollectAhead ahead = new CollectAhead();
            for (int step = 0; step < steps; step++) {
                if (collectAhead) {
                    ahead.beforeStep();
                }
                try (NDManager scope = manager.newSubManager()) {
                    NDArray java = scope.create(w, shape);
                    NDArray engine = scope.create(w, shape);
                    java.setRequiresGradient(true);
                    engine.setRequiresGradient(true);
                    try (GradientCollector collector = mode == Mode.DJL
                            ? Engine.getInstance().newGradientCollector()
                            : ImleGradientCollector.open()) {
                        NDArray theta = doubled(java, engine);
                        NDArray z = mode == Mode.DJL
                                ? theta
                                : layer.forward(new ParameterStore(scope, false), new NDList(theta), true)
                                        .singletonOrThrow();
                        if (forceGc) {
                            System.gc();
                        }
                        collector.backward(z.mul(weights).sum());
                    }
                    float[] throughJava = java.getGradient().toFloatArray();
                    float[] throughEngine = engine.getGradient().toFloatArray();
                    if (!Arrays.equals(throughJava, throughEngine)) {
                        if (corrupted == 0) {
                            first = "step " + step + ": " + difference(throughJava, throughEngine);
                        }
                        corrupted++;
                    }
                }
            }
            double stepMs = (System.nanoTime() - start) / 1e6 / steps;
            double bytesPerStep = (HeapAllocation.total() - allocatedBefore) / (double) steps;
            return new Result(mode.name().toLowerCase(), steps, corrupted, bytesPerStep, stepMs, first);
        }
    }

    /** 2·java + 2·engine, doubling the first through DJL's number operand on purpose: that is what is measured. */
    @SuppressWarnings("imle4j:number-operand")
    private static NDArray doubled(NDArray java, NDArray engine) {
        return java.mul(2f).add(engine.mul(Scalars.of(engine, 2)));
    }

    /**
     * Collects garbage before a step that would otherwise see the young generation fill up, so that no collection
     * falls between its forward and backward pass. The young generation's size is estimated as the bytes allocated
     * between the two latest collections that were not forced.
     */
    private static final class CollectAhead {
        private long collections = collections();
        private long allocatedAtCollection = HeapAllocation.total();
        private long allocatedAtStep = allocatedAtCollection;
        private long capacity = Long.MAX_VALUE;
        private long stepBytes;

        void beforeStep() {
            long allocated = HeapAllocation.total();
            stepBytes = allocated - allocatedAtStep;
            long count = collections();
            if (count != collections) {
                capacity = allocated - allocatedAtCollection;
                collections = count;
                allocatedAtCollection = allocated;
            }
            if (allocated - allocatedAtCollection + 2 * stepBytes > capacity - capacity / 10) {
                System.gc();
                collections = collections();
                allocated = HeapAllocation.total();
                allocatedAtCollection = allocated;
            }
            allocatedAtStep = allocated;
        }

        private static long collections() {
            long sum = 0;
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                sum += Math.max(0, collector.getCollectionCount());
            }
            return sum;
        }
    }

    /** The entry that differs most; a zero of the other sign means the scalar turned negative. */
    private static String difference(float[] expected, float[] actual) {
        int worst = -1;
        double largest = -1;
        for (int i = 0; i < expected.length; i++) {
            if (Float.compare(expected[i], actual[i]) != 0) {
                double gap = Math.abs((double) expected[i] - actual[i]);
                if (Double.isNaN(gap) || gap > largest) {
                    worst = i;
                    largest = Double.isNaN(gap) ? Double.POSITIVE_INFINITY : gap;
                }
            }
        }
        return worst < 0 ? "" : "gradient " + expected[worst] + " instead of " + actual[worst] + " at " + worst;
    }
}
