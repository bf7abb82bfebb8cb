package org.imle4j.samples.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.autograd.ImleTrainer;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.solvers.BatchTopKLayer;
import org.imle4j.runtime.solvers.TopKLayer;
import org.imle4j.samples.harness.CommonOptions;
import org.imle4j.samples.report.LinePlot;
import org.imle4j.samples.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Endurance: trains a model with two stacked solver layers (a batch top-k, then a plain-Java top-k) for many steps,
 * and reports resident memory, live NDArrays and Java heap allocation at regular intervals; memory and arrays must
 * stay flat after warm-up. The summary gives the least-squares slope of resident memory over the samples after
 * warm-up. Run it under a fixed heap (the JVM flag {@code -Xmx}, e.g. through {@code JDK_JAVA_OPTIONS}) so that
 * heap growth does not pass for a leak; the step count defaults to the system property {@code imle4j.soak.steps}.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Trains two stacked solver layers for many steps, reporting memory and live NDArrays.")
public final class SoakCommand implements Callable<Integer> {
    /** Creates the command; picocli fills its options from the command line. */
    public SoakCommand() {}

    @Mixin
    CommonOptions output;

    @Option(names = "--steps", defaultValue = "${sys:imle4j.soak.steps:-10000}",
            description = "Training steps (default: the system property imle4j.soak.steps, else 10000; now "
                    + "${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--every", description = "Report every this many steps (default: ${DEFAULT-VALUE}).")
    int every = 1_000;

    @Option(names = "--warmup", description = "Steps left out of the resident-memory slope, fewer than "
            + "--steps (default: ${DEFAULT-VALUE}).")
    int warmup = 2_000;

    @Spec
    CommandSpec spec;

    /** Memory and array counts at one step; heap bytes allocated per step since the previous sample. */
    record Sample(int step, double residentMiB, double heapMiB, int liveArrays, double allocatedBytesPerStep) {}

    /** The run's figures: resident-memory slope after warm-up (NaN with fewer than two samples after it). */
    record Summary(int steps, int warmupSteps, double residentSlopeMiBPer1000Steps, int firstLiveArrays,
            int lastLiveArrays, double allocatedBytesPerStep, long maxHeapMiB) {}

    @Override
    public Integer call() throws IOException {
        validate();
        Engine.getInstance().setRandomSeed(output.seed());
        long allocatedAtStart = 0;
        long allocatedAtSample = 0;
        int sampledStep = 0;
        List<Sample> samples = new ArrayList<>();
        try (Model model = Model.newInstance("soak")) {
            model.setBlock(new SequentialBlock()
                    .add(Linear.builder().setUnits(64).build())
                    .add(BatchTopKLayer.builder().setK(8).optSamples(4).optNoise(Noise.GUMBEL)
                            .optOutput(Output.MEAN).build())
                    .add(Linear.builder().setUnits(32).build())
                    .add(TopKLayer.builder().setK(4).optSamples(4).optNoise(Noise.SUM_OF_GAMMA).optSumOfGammaK(4)
                            .optOutput(Output.MEAN).build()));
            NDManager manager = model.getNDManager();
            NDArray x = manager.randomNormal(new Shape(16, 32));
            NDArray uniform = manager.randomUniform(0, 1, new Shape(16, 32));
            NDArray target = uniform.lt(Scalars.of(uniform, 0.125)).toType(x.getDataType(), false);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).build());
            try (Trainer trainer = new ImleTrainer(model, config)) {
                trainer.initialize(new Shape(16, 32));
                Table table = new Table("step", "resident MiB", "heap MiB", "live NDArrays", "heap bytes / step");
                for (int step = 1; step <= steps; step++) {
                    ScopedStep.run(trainer, manager, x, target);
                    if (step % every == 0 || step == 1) {
                        long allocated = HeapAllocation.total();
                        if (step == 1) {
                            allocatedAtStart = allocated;
                        }
                        Runtime runtime = Runtime.getRuntime();
                        Sample sample = new Sample(step, residentMiB(),
                                (runtime.totalMemory() - runtime.freeMemory()) / 1048576.0,
                                ((BaseNDManager) manager).getManagedArrays().size(),
                                step == 1 ? Double.NaN
                                        : (allocated - allocatedAtSample) / (double) (step - sampledStep));
                        allocatedAtSample = allocated;
                        sampledStep = step;
                        samples.add(sample);
                        table.row(step, String.format("%.1f", sample.residentMiB()),
                                String.format("%.1f", sample.heapMiB()), sample.liveArrays(),
                                String.format("%.0f", sample.allocatedBytesPerStep()));
                    }
                }
                table.print(System.out);
            }
        }
        Summary summary = new Summary(steps, warmup, slopePer1000Steps(samples, warmup),
                samples.get(0).liveArrays(), samples.get(samples.size() - 1).liveArrays(),
                sampledStep > 1 ? (allocatedAtSample - allocatedAtStart) / (double) (sampledStep - 1) : Double.NaN,
                Runtime.getRuntime().maxMemory() / 1048576);
        System.out.printf("resident memory after step %d: %+.2f MiB per 1 000 steps; live NDArrays %d → %d; "
                        + "%.0f heap bytes per step; heap limit %d MiB%n", warmup,
                summary.residentSlopeMiBPer1000Steps(), summary.firstLiveArrays(), summary.lastLiveArrays(),
                summary.allocatedBytesPerStep(), summary.maxHeapMiB());
        output.report().json("soak.json", samples);
        output.report().json("soak-summary.json", summary);
        double[] step = samples.stream().mapToDouble(Sample::step).toArray();
        output.report().plot("soak.png", new LinePlot("Soak: two stacked solver layers", "step", "MiB / arrays")
                .series("resident MiB", step, samples.stream().mapToDouble(Sample::residentMiB).toArray())
                .series("live NDArrays", step, samples.stream().mapToDouble(Sample::liveArrays).toArray()));
        return 0;
    }

    /** The slope is fitted to the steps after warm-up, so a warm-up of the whole run leaves nothing to measure. */
    private void validate() {
        output.requireAtLeast("--steps", steps, 1);
        output.requireAtLeast("--every", every, 1);
        if (warmup < 0 || warmup >= steps) {
            throw new ParameterException(spec.commandLine(),
                    "--warmup must be between 0 and --steps - 1 = " + (steps - 1) + ", but was " + warmup);
        }
    }

    /** Least-squares slope of resident MiB against step, per 1 000 steps, over the samples after {@code warmup}. */
    static double slopePer1000Steps(List<Sample> samples, int warmup) {
        List<Sample> steady = samples.stream().filter(s -> s.step() > warmup).toList();
        if (steady.size() < 2) {
            return Double.NaN;
        }
        double meanStep = steady.stream().mapToDouble(Sample::step).average().orElseThrow();
        double meanMiB = steady.stream().mapToDouble(Sample::residentMiB).average().orElseThrow();
        double covariance = 0;
        double variance = 0;
        for (Sample sample : steady) {
            covariance += (sample.step() - meanStep) * (sample.residentMiB() - meanMiB);
            variance += (sample.step() - meanStep) * (sample.step() - meanStep);
        }
        return 1000 * covariance / variance;
    }

    /** Resident set size of this process, from /proc (0 where there is none). */
    private static double residentMiB() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return 0;
    }
}
