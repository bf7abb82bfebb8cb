package org.imle4j.samples.bench;

import static org.imle4j.samples.harness.ReportWriter.fixed;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.solvers.BatchTopKLayer;
import org.imle4j.runtime.solvers.TopKLayer;
import org.imle4j.samples.harness.Range;
import org.imle4j.samples.harness.ReportWriter;
import org.imle4j.samples.harness.SampleCommand;
import org.imle4j.samples.report.LinePlot;
import org.imle4j.samples.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Endurance: trains a model with two stacked solver layers (a batch top-k, then a plain-Java top-k) for many steps,
 * and reports resident memory, live NDArrays and Java heap allocation at regular intervals; memory and arrays must
 * stay flat after warm-up. The summary gives the least-squares slope of resident memory over the samples after
 * warm-up. Run it under a fixed heap (the JVM flag {@code -Xmx}, e.g. through {@code JDK_JAVA_OPTIONS}) so that
 * heap growth does not pass for a leak; the step count defaults to the system property {@code imle4j.soak.steps}.
 */
@Command(name = "soak",
        description = "Trains two stacked solver layers for many steps, reporting memory and live NDArrays.")
public final class SoakCommand extends SampleCommand<List<SoakCommand.Sample>> {
    @Option(names = "--steps", defaultValue = "${sys:imle4j.soak.steps:-10000}",
            description = "Training steps (default: the system property imle4j.soak.steps, else 10000; now "
                    + "${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int steps;

    @Option(names = "--every", description = "Report every this many steps (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int every = 1_000;

    @Option(names = "--warmup", description = "Steps left out of the resident-memory slope, fewer than "
            + "--steps (default: ${DEFAULT-VALUE}).")
    int warmup = 2_000;

    /** Memory and array counts at one step; heap bytes allocated per step since the previous sample. */
    record Sample(int step, double residentMiB, double heapMiB, int liveArrays, double allocatedBytesPerStep) {}

    /** The run's figures: resident-memory slope after warm-up (NaN with fewer than two samples after it). */
    record Summary(int steps, int warmupSteps, double residentSlopeMiBPer1000Steps, int firstLiveArrays,
            int lastLiveArrays, double allocatedBytesPerStep, long maxHeapMiB) {}

    @Override
    protected void validate() {
        // The slope is fitted to the steps after warm-up, so a warm-up of the whole run leaves nothing to measure.
        common.requireBetween("--warmup", warmup, 0, steps - 1, "--steps - 1 = " + (steps - 1));
    }

    @Override
    protected void report(List<Sample> samples, ReportWriter report) {
        Table table = new Table("step", "resident MiB", "heap MiB", "live NDArrays", "heap bytes / step");
        double allocated = 0;
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            table.row(sample.step(), fixed(sample.residentMiB(), 1), fixed(sample.heapMiB(), 1), sample.liveArrays(),
                    fixed(sample.allocatedBytesPerStep(), 0));
            if (i > 0) {
                allocated += sample.allocatedBytesPerStep() * (sample.step() - samples.get(i - 1).step());
            }
        }
        Sample last = samples.get(samples.size() - 1);
        Summary summary = new Summary(steps, warmup, slopePer1000Steps(samples, warmup),
                samples.get(0).liveArrays(), last.liveArrays(),
                last.step() > 1 ? allocated / (last.step() - 1) : Double.NaN,
                Runtime.getRuntime().maxMemory() / 1048576);
        report.table("", table);
        report.line("resident memory after step %d: %+.2f MiB per 1 000 steps; live NDArrays %d → %d; "
                + "%.0f heap bytes per step; heap limit %d MiB", warmup, summary.residentSlopeMiBPer1000Steps(),
                summary.firstLiveArrays(), summary.lastLiveArrays(), summary.allocatedBytesPerStep(),
                summary.maxHeapMiB());
        report.json("soak-summary.json", summary);
        double[] step = samples.stream().mapToDouble(Sample::step).toArray();
        report.plot("soak.png", new LinePlot("Soak: two stacked solver layers", "step", "MiB / arrays")
                .series("resident MiB", step, samples.stream().mapToDouble(Sample::residentMiB).toArray())
                .series("live NDArrays", step, samples.stream().mapToDouble(Sample::liveArrays).toArray()));
    }

    /**
     * Trains step by step, each step in its own scope ({@link ScopedStep}) so that live arrays can be counted, and
     * samples memory at step 1 and every {@code --every} steps.
     */
    @Override
    protected List<Sample> compute() {
        Device device = common.device();
        long allocatedAtSample = 0;
        int sampledStep = 0;
        List<Sample> samples = new ArrayList<>();
        try (Model model = Model.newInstance("soak", device)) {
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
            try (Trainer trainer = ScopedStep.trainer(model, device)) {
                trainer.initialize(new Shape(16, 32));
                // A loop of our own rather than EasyTrain: memory is sampled between steps.
                for (int step = 1; step <= steps; step++) {
                    ScopedStep.run(trainer, manager, x, target);
                    if (step % every == 0 || step == 1) {
                        long allocated = HeapAllocation.total();
                        Runtime runtime = Runtime.getRuntime();
                        samples.add(new Sample(step, residentMiB(),
                                (runtime.totalMemory() - runtime.freeMemory()) / 1048576.0,
                                ((BaseNDManager) manager).getManagedArrays().size(),
                                step == 1 ? Double.NaN
                                        : (allocated - allocatedAtSample) / (double) (step - sampledStep)));
                        allocatedAtSample = allocated;
                        sampledStep = step;
                    }
                }
            }
        }
        return samples;
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
    private static double residentMiB() {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + status, e);
        }
        return 0;
    }
}
